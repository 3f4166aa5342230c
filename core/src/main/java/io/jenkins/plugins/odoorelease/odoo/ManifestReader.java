package io.jenkins.plugins.odoorelease.odoo;

import io.jenkins.plugins.odoorelease.odoo.AddonIssue.Kind;
import io.jenkins.plugins.odoorelease.odoo.AddonIssue.Level;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and normalises a module's manifest as {@code load_manifest} in {@code odoo/modules/module.py} does in
 * 16.0, 17.0 and 18.0: the file is read as UTF-8 text, parsed with {@code ast.literal_eval} (here
 * {@link PythonLiteral}, which never executes anything), and then {@code auto_install}, {@code version} and
 * {@code license} are normalised. Every problem becomes an {@link AddonIssue}; nothing is thrown for a broken
 * module, so that one bad manifest never hides the others.
 */
public final class ManifestReader {

    /** The manifest file name Odoo tries first ({@code MANIFEST_NAMES}). */
    public static final String MANIFEST = "__manifest__.py";
    /** The legacy name Odoo still reads in 16.0 to 18.0, deprecated from 17.0 on. */
    public static final String LEGACY_MANIFEST = "__openerp__.py";
    /** The manifest names in the order Odoo tries them. */
    public static final List<String> MANIFEST_NAMES = List.of(MANIFEST, LEGACY_MANIFEST);

    private final OdooSeries series;

    public ManifestReader(OdooSeries series) {
        this.series = series;
    }

    /**
     * The outcome of reading one manifest.
     *
     * @param manifest the normalised manifest, or {@code null} when the file could not be parsed as a dict
     * @param issues every problem found, in the order found
     */
    public record Reading(Manifest manifest, List<AddonIssue> issues) {

        public Reading {
            issues = List.copyOf(issues);
        }

        /** Returns whether Odoo would fail to read this manifest or to load the module because of it. */
        public boolean hasErrors() {
            return issues.stream().anyMatch(issue -> issue.level() == Level.ERROR);
        }
    }

    /** Returns the manifest file of a module folder, the first of {@link #MANIFEST_NAMES} that is a file, or {@code null}. */
    public static Path findManifest(Path moduleDirectory) {
        for (String name : MANIFEST_NAMES) {
            Path candidate = moduleDirectory.resolve(name);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** Reads the manifest of the module in {@code moduleDirectory}, whose folder name is the module name. */
    public Reading read(Path moduleDirectory) {
        String module = moduleDirectory.getFileName().toString();
        Path file = findManifest(moduleDirectory);
        List<AddonIssue> issues = new ArrayList<>();
        if (file == null) {
            issues.add(new AddonIssue(Kind.MANIFEST_UNREADABLE, Level.ERROR, module, moduleDirectory, 0,
                    "no " + MANIFEST + " in the module folder"));
            return new Reading(null, issues);
        }
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            issues.add(new AddonIssue(Kind.MANIFEST_UNREADABLE, Level.ERROR, module, file, 0, "cannot read the manifest: " + e));
            return new Reading(null, issues);
        }
        noteFileName(module, moduleDirectory, file, issues);
        return read(module, file, content, issues);
    }

    /** Reads a manifest from its bytes, for a module named {@code module} whose manifest is {@code file}. */
    public Reading read(String module, Path file, byte[] content) {
        return read(module, file, content, new ArrayList<>());
    }

    private Reading read(String module, Path file, byte[] content, List<AddonIssue> issues) {
        String text = decode(module, file, content, issues);
        if (text == null) {
            return new Reading(null, issues);
        }
        Object parsed;
        try {
            parsed = PythonLiteral.parse(text);
        } catch (PythonLiteralException e) {
            Kind kind = switch (e.kind()) {
                case SYNTAX -> Kind.MANIFEST_SYNTAX;
                case NOT_LITERAL -> Kind.MANIFEST_NOT_LITERAL;
                case UNHASHABLE -> Kind.MANIFEST_INVALID_VALUE;
            };
            issues.add(new AddonIssue(kind, Level.ERROR, module, file, e.line(), "column " + e.column() + ": " + e.detail()
                    + "; Odoo reads the manifest with ast.literal_eval and fails to load the module"));
            return new Reading(null, issues);
        }
        Map<Object, Object> values = asDict(parsed);
        if (values == null) {
            issues.add(new AddonIssue(Kind.MANIFEST_NOT_DICT, Level.ERROR, module, file, 1, "the manifest is a "
                    + PythonLiteral.typeName(parsed) + ", but Odoo needs a dict such as {'name': ..., 'version': ...}"));
            return new Reading(null, issues);
        }
        return new Reading(normalise(module, file, values, issues), issues);
    }

    private void noteFileName(String module, Path directory, Path file, List<AddonIssue> issues) {
        if (file.getFileName().toString().equals(LEGACY_MANIFEST)) {
            Level level = series.deprecatesOpenerpManifest() ? Level.WARNING : Level.INFO;
            issues.add(new AddonIssue(Kind.MANIFEST_LEGACY_NAME, level, module, file, 0, LEGACY_MANIFEST + " is the legacy manifest name"
                    + (series.deprecatesOpenerpManifest() ? ", deprecated since 17.0" : "") + "; rename it to " + MANIFEST));
        } else if (Files.isRegularFile(directory.resolve(LEGACY_MANIFEST))) {
            issues.add(new AddonIssue(Kind.MANIFEST_LEGACY_NAME, Level.INFO, module, directory.resolve(LEGACY_MANIFEST), 0,
                    "Odoo reads " + MANIFEST + " and ignores this " + LEGACY_MANIFEST + "; delete it"));
        }
    }

    /** Decodes strict UTF-8 as {@code tools.file_open} opens manifests ({@code encoding="utf-8"}), or records why not. */
    private static String decode(String module, Path file, byte[] content, List<AddonIssue> issues) {
        if (content.length >= 3 && (content[0] & 0xFF) == 0xEF && (content[1] & 0xFF) == 0xBB && (content[2] & 0xFF) == 0xBF) {
            issues.add(new AddonIssue(Kind.MANIFEST_UNREADABLE, Level.ERROR, module, file, 1, "the file starts with a UTF-8 byte order "
                    + "mark, which Odoo keeps when it reads the file and ast.literal_eval then rejects; save it as UTF-8 without BOM"));
            return null;
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer input = ByteBuffer.wrap(content);
        CharBuffer output = CharBuffer.allocate(content.length + 1);
        CoderResult result = decoder.decode(input, output, true);
        if (result.isError()) {
            int offset = input.position();
            int line = 1;
            for (int i = 0; i < offset; i++) {
                if (content[i] == '\n') {
                    line++;
                }
            }
            issues.add(new AddonIssue(Kind.MANIFEST_UNREADABLE, Level.ERROR, module, file, line, "the file is not valid UTF-8 (byte "
                    + offset + "); Odoo reads manifests as UTF-8, so save it in that encoding"));
            return null;
        }
        decoder.flush(output);
        output.flip();
        return output.toString();
    }

    /**
     * Returns the dict Odoo's {@code manifest.update(...)} would merge: a dict, or a list or tuple of key and
     * value pairs, which {@code dict.update} accepts as well.
     */
    private static Map<Object, Object> asDict(Object parsed) {
        if (parsed instanceof Map<?, ?> map) {
            return new LinkedHashMap<>(map);
        }
        List<Object> items = sequence(parsed);
        if (items == null || parsed instanceof String) {
            return null;
        }
        Map<Object, Object> pairs = new LinkedHashMap<>();
        for (Object item : items) {
            List<Object> pair = sequence(item);
            if (pair == null || pair.size() != 2 || item instanceof String) {
                return null;
            }
            pairs.put(pair.get(0), pair.get(1));
        }
        return pairs;
    }

    private static List<Object> sequence(Object value) {
        if (value instanceof PythonLiteral.Tuple tuple) {
            return tuple.items();
        }
        if (value instanceof List<?> list) {
            return new ArrayList<>(list);
        }
        return null;
    }

    private Manifest normalise(String module, Path file, Map<Object, Object> values, List<AddonIssue> issues) {
        boolean installable = !values.containsKey("installable") || PythonLiteral.truthy(values.get("installable"));
        List<String> depends = stringList(module, file, values, "depends", issues);
        Manifest.AutoInstall autoInstall = autoInstall(module, file, values.get("auto_install"), depends, issues);
        String declaredVersion = null;
        ModuleVersion version = null;
        Object versionValue = values.get("version");
        if (!values.containsKey("version")) {
            issues.add(new AddonIssue(Kind.VERSION_MISSING, Level.WARNING, module, file, 0, "no version; Odoo assumes "
                    + Manifest.DEFAULT_VERSION + " (" + series.text() + "." + Manifest.DEFAULT_VERSION + ") and never upgrades the module "
                    + "until a version is set; add 'version': '" + series.text() + ".1.0.0'"));
            version = adapt(module, file, Manifest.DEFAULT_VERSION, installable, issues);
        } else if (versionValue instanceof String text) {
            declaredVersion = text;
            version = adapt(module, file, text, installable, issues);
        } else {
            issues.add(new AddonIssue(Kind.MANIFEST_INVALID_VALUE, Level.ERROR, module, file, 0, "version is a "
                    + PythonLiteral.typeName(versionValue) + " (" + versionValue + "), but Odoo needs a string; write it in quotes, "
                    + "for example '" + series.text() + ".1.0.0'"));
        }
        Object licenseValue = values.get("license");
        String license = licenseValue instanceof String text ? text : String.valueOf(licenseValue);
        if (!PythonLiteral.truthy(licenseValue)) {
            issues.add(new AddonIssue(Kind.LICENSE_MISSING, Level.INFO, module, file, 0, "no license; Odoo assumes "
                    + Manifest.DEFAULT_LICENSE + " and logs a warning"));
            license = Manifest.DEFAULT_LICENSE;
        }
        List<String> countries = series.hasCountries() ? stringList(module, file, values, "countries", issues) : List.of();
        return new Manifest(module, file, values, declaredVersion, version, depends, autoInstall, installable, license, countries);
    }

    private ModuleVersion adapt(String module, Path file, String declared, boolean installable, List<AddonIssue> issues) {
        try {
            ModuleVersion version = series.adaptVersion(declared);
            if (!version.standard()) {
                issues.add(new AddonIssue(Kind.VERSION_NONSTANDARD, Level.WARNING, module, file, 0, "version '" + declared + "' is read "
                        + "as " + version.full() + " by " + series.text() + ", but 17.0 and later accept only x.y, x.y.z, "
                        + "<series>.x.y or <series>.x.y.z; use for example " + series.text() + ".1.0.0"));
            }
            return version;
        } catch (InvalidVersionException e) {
            boolean otherSeries = e.getMessage().contains("belongs to series");
            if (!installable) {
                issues.add(new AddonIssue(otherSeries ? Kind.VERSION_OTHER_SERIES : Kind.VERSION_INVALID, Level.INFO, module, file, 0,
                        e.getMessage() + "; the module is not installable, so Odoo does not check it"));
                return null;
            }
            issues.add(new AddonIssue(otherSeries ? Kind.VERSION_OTHER_SERIES : Kind.VERSION_INVALID, Level.ERROR, module, file, 0,
                    e.getMessage() + "; Odoo fails to load the module ('invalid manifest')"));
            return null;
        }
    }

    private static List<String> stringList(String module, Path file, Map<Object, Object> values, String key, List<AddonIssue> issues) {
        Object value = values.get(key);
        if (value == null && !values.containsKey(key)) {
            return List.of();
        }
        Collection<?> items = collection(value);
        if (items == null || value instanceof String) {
            String hint = value instanceof String text ? "; Odoo would read the string as its characters, write ['" + text + "']" : "";
            issues.add(new AddonIssue(Kind.MANIFEST_INVALID_VALUE, Level.ERROR, module, file, 0, key + " is a " + PythonLiteral.typeName(value)
                    + ", but Odoo needs a list of module names" + hint));
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (Object item : items) {
            if (item instanceof String name) {
                names.add(name);
            } else {
                issues.add(new AddonIssue(Kind.MANIFEST_INVALID_VALUE, Level.ERROR, module, file, 0, key + " contains a "
                        + PythonLiteral.typeName(item) + " (" + item + "); every entry must be a string"));
            }
        }
        return names;
    }

    /** Returns the elements of a value Python can iterate as {@code set(value)} would, or {@code null}. */
    private static Collection<?> collection(Object value) {
        if (value instanceof PythonLiteral.Tuple tuple) {
            return tuple.items();
        }
        if (value instanceof Collection<?> items) {
            return items;
        }
        if (value instanceof Map<?, ?> map) {
            return map.keySet();
        }
        if (value instanceof String text) {
            return text.codePoints().mapToObj(Character::toString).toList();
        }
        if (value instanceof PythonLiteral.Bytes bytes) {
            List<Object> numbers = new ArrayList<>();
            for (byte b : bytes.toByteArray()) {
                numbers.add((long) (b & 0xFF));
            }
            return numbers;
        }
        return null;
    }

    /**
     * Normalises {@code auto_install}: an iterable becomes the set of trigger dependencies, each of which must be in
     * {@code depends} (Odoo asserts it), any other true value becomes the set of all dependencies.
     */
    private static Manifest.AutoInstall autoInstall(String module, Path file, Object value, List<String> depends, List<AddonIssue> issues) {
        Collection<?> items = collection(value);
        if (items != null) {
            Set<String> triggers = new LinkedHashSet<>();
            List<String> notDependencies = new ArrayList<>();
            for (Object item : items) {
                String name = String.valueOf(item);
                triggers.add(name);
                if (!(item instanceof String) || !depends.contains(name)) {
                    notDependencies.add(name);
                }
            }
            if (!notDependencies.isEmpty()) {
                String hint = value instanceof String ? "; auto_install is a string, which Odoo reads as its characters: write True or a "
                        + "list of dependencies" : "; add them to depends or remove them from auto_install";
                issues.add(new AddonIssue(Kind.AUTO_INSTALL_NOT_DEPENDENCY, Level.ERROR, module, file, 0, "auto_install triggers "
                        + notDependencies + " are not in depends " + depends + "; Odoo fails to load the manifest" + hint));
            }
            return new Manifest.AutoInstall(true, triggers);
        }
        if (PythonLiteral.truthy(value)) {
            return new Manifest.AutoInstall(true, new LinkedHashSet<>(depends));
        }
        return Manifest.AutoInstall.NONE;
    }
}
