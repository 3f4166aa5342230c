package io.jenkins.plugins.odoorelease.backup;

import io.jenkins.plugins.odoorelease.report.FindingCode;

/** The finding codes of {@code odooBackupVerify}, by verification level. */
public enum VerifyFindings implements FindingCode {
    VERIFY_NO_BACKUP("No complete backup was found under the prefix, or the given key does not exist."),
    VERIFY_BACKUP_MANIFEST_INVALID("A backup manifest (.backup.json) cannot be read, so its backup cannot be checked against it."),
    VERIFY_BACKUP_TOO_OLD("The newest backup is older than the recovery point objective (rpo)."),
    VERIFY_CHECKSUM_MISMATCH("An object's SHA-256 differs from the one recorded when it was written."),
    VERIFY_SIZE_MISMATCH("An object's size differs from the one recorded when it was written; it was truncated or replaced."),
    VERIFY_NO_CHECKSUM("An object has no recorded SHA-256, so its integrity cannot be proven."),
    VERIFY_FORMAT_MISMATCH("The content's format differs from the one its name or manifest gives."),
    VERIFY_UNKNOWN_FORMAT("The object is neither a zip archive nor a pg_dump custom-format archive."),
    VERIFY_ARCHIVE_UNREADABLE("The archive's structure cannot be read; it is damaged or truncated."),
    VERIFY_DUMP_MISSING("The zip archive has no dump.sql at its top level."),
    VERIFY_DUMP_NESTED("The zip archive has dump.sql inside a folder, where Odoo's restore does not look."),
    VERIFY_MANIFEST_MISSING("The zip archive has no manifest.json."),
    VERIFY_MANIFEST_INVALID("manifest.json cannot be read or lacks keys that Odoo writes."),
    VERIFY_FILESTORE_MISSING("The backup has no filestore although attachments need one."),
    VERIFY_ENTRY_ESCAPES("An archive entry's path leads outside the extraction folder."),
    VERIFY_COMPRESSION_RATIO("An archive entry expands far more than real data does, as a zip bomb does."),
    VERIFY_RESTORE_FAILED("The restore into the scratch database failed."),
    VERIFY_RTO_EXCEEDED("The restore took longer than the recovery time objective (rto)."),
    VERIFY_TABLE_MISSING("A table every Odoo database has is missing after the restore."),
    VERIFY_MODULES_DIFFER("The installed modules differ from those manifest.json lists."),
    VERIFY_MODULE_STUCK("A module is in the state to install, to upgrade or to remove."),
    VERIFY_ROW_COUNT_DIFFERS("A table's row count differs from the one recorded at backup time."),
    ATTACHMENT_MISSING("An attachment's file is not in the backup's filestore."),
    ATTACHMENT_CHECKSUM_MISMATCH("An attachment file's SHA-1 differs from ir_attachment.checksum."),
    ATTACHMENT_ORPHAN_FILES("The filestore contains files that no attachment references."),
    VERIFY_ATTACHMENTS_UNREADABLE("ir_attachment of the restored database could not be read, so its files were not checked."),
    STORAGE_VERSIONING_OFF("Bucket versioning is not enabled, so an overwritten or deleted backup cannot be recovered."),
    STORAGE_NO_LIFECYCLE("No enabled lifecycle rule applies to the backups' prefix."),
    STORAGE_POLICY_NOT_SUPPORTED("The store does not implement a storage policy request, so the policy cannot be checked."),
    STORAGE_POLICY_UNREADABLE("The storage policy could not be read, for example for lack of permission."),
    VERIFY_STALE_SCRATCH_DROPPED("Scratch databases left by an earlier run and older than a day were dropped."),
    VERIFY_STALE_SCRATCH_KEPT("A database with the scratch prefix and older than a day was left in place: its drop failed, or this tool did not "
            + "create it."),
    VERIFY_SCRATCH_KEPT("The scratch database was kept, as keepScratch asks; drop it when done."),
    VERIFY_LEVEL_SKIPPED("A level was not run because an earlier level failed.");

    private final String summary;

    VerifyFindings(String summary) {
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
