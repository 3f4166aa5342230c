package io.jenkins.plugins.odoorelease.image;

/**
 * The user an image runs as, in the form of the image configuration's {@code User} field: {@code user},
 * {@code user:group}, {@code uid} or {@code uid:gid}, where an empty value means root.
 */
final class ImageUser {

    private ImageUser() {
    }

    /**
     * Returns whether the user part names root: empty, {@code root}, or a number whose value is 0, such as {@code 0}
     * or {@code 0000}. The group does not matter, so {@code 1000:0} is not root.
     */
    static boolean isRoot(String user) {
        int colon = user.indexOf(':');
        String name = colon < 0 ? user : user.substring(0, colon);
        return name.isEmpty() || name.equals("root") || name.chars().allMatch(c -> c == '0');
    }
}
