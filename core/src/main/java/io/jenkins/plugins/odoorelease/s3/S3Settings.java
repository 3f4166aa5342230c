package io.jenkins.plugins.odoorelease.s3;

import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Problem;
import io.jenkins.plugins.odoorelease.common.SecretValue;
import io.jenkins.plugins.odoorelease.common.Text;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How to reach an S3 or S3-compatible store (MinIO, Ceph, Garage, s3proxy): the endpoint, the region, the
 * addressing style and the credentials. The credentials are {@link SecretValue}s, so {@link #toString()} never
 * shows them.
 *
 * @param endpoint the store's URL, or {@code null} for AWS's regional endpoint
 * @param region the signing region; S3-compatible stores usually accept {@code us-east-1}
 * @param pathStyle whether the bucket goes into the path ({@code http://host/bucket/key}) rather than the host
 *     name; most S3-compatible stores need it
 * @param accessKeyId the access key id, or {@code null} to use the SDK's default chain (environment, profile,
 *     instance role), which only an AWS endpoint may use
 * @param secretAccessKey the secret access key; set exactly when {@code accessKeyId} is
 * @param sessionToken a temporary session token, or {@code null}
 * @param connectTimeout how long to wait for a TCP connection
 * @param socketTimeout how long a read or write may stall before the request fails
 * @param apiCallTimeout how long one request may take in all, retries included; uploads of large parts need minutes
 */
public record S3Settings(
        URI endpoint,
        String region,
        boolean pathStyle,
        SecretValue accessKeyId,
        SecretValue secretAccessKey,
        SecretValue sessionToken,
        Duration connectTimeout,
        Duration socketTimeout,
        Duration apiCallTimeout) {

    public static final String DEFAULT_REGION = "us-east-1";
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_API_CALL_TIMEOUT = Duration.ofMinutes(15);

    /**
     * Checks the values as users type them and returns the settings. Blank text means "not set".
     *
     * @param endpoint an {@code http} or {@code https} URL without credentials, path or query, or blank for AWS
     * @param region the region, or blank for {@value #DEFAULT_REGION}
     * @throws InvalidInputException listing every invalid value by its parameter name
     */
    public static S3Settings of(String endpoint, String region, boolean pathStyle, SecretValue accessKeyId,
            SecretValue secretAccessKey, SecretValue sessionToken) throws InvalidInputException {
        List<Problem> problems = new ArrayList<>();
        URI parsedEndpoint = null;
        String trimmedEndpoint = Text.trimToNull(endpoint);
        if (trimmedEndpoint != null) {
            try {
                parsedEndpoint = new URI(trimmedEndpoint);
                String scheme = parsedEndpoint.getScheme() == null ? "" : parsedEndpoint.getScheme().toLowerCase(Locale.ROOT);
                if (!scheme.equals("http") && !scheme.equals("https") || parsedEndpoint.getHost() == null) {
                    problems.add(Problem.of("endpoint", trimmedEndpoint, "expected an http or https URL such as https://minio.example:9000"));
                } else if (parsedEndpoint.getUserInfo() != null) {
                    problems.add(Problem.of("endpoint", "(a URL with user information)", "the endpoint contains credentials; "
                            + "pass the access key and secret through the S3 credentials instead"));
                } else if (parsedEndpoint.getQuery() != null || parsedEndpoint.getPath() != null && parsedEndpoint.getPath().length() > 1) {
                    problems.add(Problem.of("endpoint", trimmedEndpoint, "the endpoint must not have a path or query; "
                            + "put the bucket and prefix into the location (s3://BUCKET/PREFIX)"));
                }
            } catch (URISyntaxException e) {
                problems.add(Problem.of("endpoint", trimmedEndpoint, "invalid URL: " + e.getReason()));
            }
        }
        if ((accessKeyId == null) != (secretAccessKey == null)) {
            problems.add(Problem.of(accessKeyId == null ? "accessKeyId" : "secretAccessKey", null,
                    "the access key id and the secret access key go together; give both or neither"));
        }
        if (sessionToken != null && accessKeyId == null) {
            problems.add(Problem.of("sessionToken", null, "a session token needs an access key id and a secret access key"));
        }
        if (accessKeyId == null && secretAccessKey == null && problems.isEmpty() && parsedEndpoint != null && !isAws(parsedEndpoint)) {
            // The SDK's default chain finds AWS credentials (an instance role, a profile), which must never go to another store.
            problems.add(Problem.of("accessKeyId", null, "missing credentials for the store at " + trimmedEndpoint + "; give its access "
                    + "key and secret (s3CredentialsId in Jenkins, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY for the CLI, "
                    + "s3.accessKeyId and s3.secretAccessKey in release.yaml). Only AWS endpoints fall back to the AWS SDK's default "
                    + "credentials chain"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        String parsedRegion = Text.trimToNull(region);
        return new S3Settings(parsedEndpoint, parsedRegion == null ? DEFAULT_REGION : parsedRegion, pathStyle, accessKeyId,
                secretAccessKey, sessionToken, DEFAULT_CONNECT_TIMEOUT, DEFAULT_SOCKET_TIMEOUT, DEFAULT_API_CALL_TIMEOUT);
    }

    /**
     * S3's own endpoint names: regional, FIPS, dual-stack and VPC endpoints, with or without a bucket in front. Other
     * hosts under amazonaws.com (EC2 instances, load balancers, API Gateway) belong to customers.
     */
    private static final Pattern AWS_S3_HOST = Pattern.compile(
            "(?:[a-z0-9.-]+\\.)?s3(?:-fips)?(?:\\.dualstack)?(?:[.-][a-z]{2}(?:-gov|-iso[a-z]*)?-[a-z]+-\\d+)?(?:\\.vpce)?"
                    + "\\.amazonaws\\.com(?:\\.cn)?");

    /** Returns whether an endpoint is S3's own, such as a regional, FIPS or VPC endpoint, where AWS credentials belong. */
    static boolean isAws(URI endpoint) {
        return AWS_S3_HOST.matcher(endpoint.getHost().toLowerCase(Locale.ROOT)).matches();
    }

    /**
     * Returns S3's regional endpoint, used when no endpoint is given, so that an endpoint from the environment
     * ({@code AWS_ENDPOINT_URL}, a profile's {@code endpoint_url}) never receives the default chain's credentials.
     */
    public URI endpointOrRegional() {
        if (endpoint != null) {
            return endpoint;
        }
        return URI.create("https://s3." + region + ".amazonaws.com" + (region.startsWith("cn-") ? ".cn" : ""));
    }

    /** Returns the same settings with other timeouts. */
    public S3Settings withTimeouts(Duration connect, Duration socket, Duration apiCall) {
        return new S3Settings(endpoint, region, pathStyle, accessKeyId, secretAccessKey, sessionToken, connect, socket, apiCall);
    }

    /** Context for exception messages: the endpoint and region, never a credential. */
    public Map<String, String> context() {
        return Map.of("endpoint", endpoint == null ? "AWS" : endpoint.toString(), "region", region);
    }

    @Override
    public String toString() {
        return (endpoint == null ? "AWS S3" : endpoint.toString()) + " (" + region + (pathStyle ? ", path-style" : "") + ")";
    }
}
