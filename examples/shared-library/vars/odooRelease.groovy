// odooRelease: the standard release of one Odoo tenant in a single call, for platforms with many tenants.
// Every tenant's Jenkinsfile shrinks to the values that differ; the sequence and the defaults live here, in one place
// the platform team reviews. See ../README.md for the parameters.

def call(Map args = [:]) {
    Map settings = defaults() + args
    List missing = ['tenant', 'databaseUrl', 'backupLocation', 'image', 'baseImage', 'scratchUrl'].findAll { !settings[it] }
    if (missing) {
        error "odooRelease: missing ${missing.join(', ')}; pass them as odooRelease(${missing.collect { "${it}: ..." }.join(', ')})"
    }

    node(settings.agent) {
        checkout scm
        String backupKey = null
        String imageReference = null
        try {
            stage('Freeze check') {
                odooFreezeGuard environment: settings.environment, tenant: settings.tenant,
                    expectedDuration: settings.expectedDuration, calendars: settings.calendars
            }
            stage('Backup') {
                backupKey = odooBackup(databaseUrl: settings.databaseUrl, credentialsId: settings.databaseCredentialsId,
                    location: settings.backupLocation, endpoint: settings.s3Endpoint, region: settings.s3Region,
                    pathStyle: settings.s3PathStyle, s3CredentialsId: settings.s3CredentialsId,
                    filestore: settings.filestore).key
            }
            stage('Image') {
                imageReference = odooBuildImage(image: settings.image, baseImage: settings.baseImage,
                    addons: settings.addons, odooConfig: settings.odooConfig, series: settings.series,
                    tags: ["${settings.series}-${env.BUILD_NUMBER}"],
                    registryCredentialsId: settings.registryCredentialsId).reference
            }
            Map plan = null
            stage('Migration check') {
                plan = odooMigrateCheck(addons: settings.addons, databaseUrl: settings.databaseUrl,
                    credentialsId: settings.databaseCredentialsId, series: settings.series,
                    install: settings.install)
            }
            if (settings.canary) {
                stage('Canary') {
                    odooFreezeGuard environment: settings.environment, tenant: settings.tenant,
                        expectedDuration: settings.canaryDuration, calendars: settings.calendars
                    odooCanary namespace: settings.namespace ?: settings.tenant, deployment: settings.deployment,
                        service: settings.service, image: imageReference, traefikService: settings.traefikService,
                        kubeconfigCredentialsId: settings.kubeconfigCredentialsId,
                        prometheusUrl: settings.prometheusUrl, databaseUrl: settings.databaseUrl,
                        databaseCredentialsId: settings.databaseCredentialsId,
                        migrationPlanJson: groovy.json.JsonOutput.toJson(plan),
                        allowSchemaChanges: settings.allowSchemaChanges,
                        environment: settings.environment, tenant: settings.tenant, calendars: settings.calendars
                }
            }
        } finally {
            if (backupKey) {
                // A backup that was taken is verified even when a later stage failed: that is when it matters most.
                stage('Verify backup') {
                    odooBackupVerify location: settings.backupLocation, key: backupKey, endpoint: settings.s3Endpoint,
                        region: settings.s3Region, pathStyle: settings.s3PathStyle,
                        s3CredentialsId: settings.s3CredentialsId, scratchUrl: settings.scratchUrl,
                        scratchCredentialsId: settings.scratchCredentialsId, rpo: settings.rpo, rto: settings.rto,
                        attachments: settings.attachments
                }
            }
            odooReleaseEvidence json: 'evidence/evidence.json', html: 'evidence/evidence.html', junit: 'evidence/junit.xml'
            archiveArtifacts artifacts: 'evidence/*', allowEmptyArchive: true
            junit testResults: 'evidence/junit.xml', allowEmptyResults: true
        }
    }
}

/** The platform's defaults; a tenant's Jenkinsfile overrides any of them by passing the same key. */
Map defaults() {
    return [
        agent                  : '',
        environment            : 'production',
        series                 : '17.0',
        addons                 : ['addons'],
        odooConfig             : null,
        install                : [],
        calendars              : [],
        expectedDuration       : '90m',
        databaseCredentialsId  : 'odoo-db',
        s3Endpoint             : null,
        s3Region               : 'eu-central-1',
        s3PathStyle            : false,
        s3CredentialsId        : 'backup-s3',
        filestore              : null,
        registryCredentialsId  : 'registry-push',
        canary                 : true,
        canaryDuration         : '60m',
        namespace              : null,
        deployment             : 'odoo',
        service                : 'odoo',
        traefikService         : 'odoo-weighted',
        kubeconfigCredentialsId: 'shop-kubeconfig',
        // null: the canary uses the "Canary Prometheus URL" of Manage Jenkins > System > Odoo Release.
        prometheusUrl          : null,
        allowSchemaChanges     : false,
        scratchCredentialsId   : 'odoo-db-scratch',
        rpo                    : '24h',
        rto                    : '1h',
        attachments            : 'sample:500',
    ]
}
