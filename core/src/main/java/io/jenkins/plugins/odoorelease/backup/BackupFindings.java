package io.jenkins.plugins.odoorelease.backup;

import io.jenkins.plugins.odoorelease.report.FindingCode;

/** The finding codes of {@code odooBackup}. */
public enum BackupFindings implements FindingCode {
    BACKUP_CREATED("The backup was written and its objects carry their SHA-256."),
    BACKUP_FILESTORE_NOT_GIVEN("Attachments live in the filestore, but no filestore was given, so the backup lacks their files."),
    BACKUP_FILES_SKIPPED("Entries of the filestore that are not regular files, such as symbolic links, were left out."),
    BACKUP_FILES_VANISHED("Filestore files were removed while the backup ran, as Odoo's garbage collection does, and were left out."),
    BACKUP_NO_SNAPSHOT("The row counts could not be taken in the dump's snapshot, so they may differ slightly from it."),
    BACKUP_VERSION_KEPT("The bucket refused to delete an object's first version, written before its SHA-256 was known; it stays as a "
            + "noncurrent version.");

    private final String summary;

    BackupFindings(String summary) {
        this.summary = summary;
    }

    @Override
    public String code() {
        return name();
    }

    @Override
    public String summary() {
        return summary;
    }
}
