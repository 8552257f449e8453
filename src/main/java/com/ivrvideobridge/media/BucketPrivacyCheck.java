package com.ivrvideobridge.media;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetBucketAclResponse;
import software.amazon.awssdk.services.s3.model.Grant;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.Permission;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Finds out whether a media bucket can be read without a signature: the whole point of signed
 * links is lost if it can. Three independent looks: the bucket ACL, the bucket policy status
 * (where the store supports it) and an anonymous request, which catches what the first two miss.
 */
class BucketPrivacyCheck {

    private static final Set<String> PUBLIC_GROUPS = Set.of(
            "http://acs.amazonaws.com/groups/global/AllUsers",
            "http://acs.amazonaws.com/groups/global/AuthenticatedUsers");
    private static final Set<Permission> READ_PERMISSIONS = Set.of(Permission.READ, Permission.FULL_CONTROL);

    private final S3Client s3;
    private final S3Properties properties;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    BucketPrivacyCheck(S3Client s3, S3Properties properties) {
        this.s3 = s3;
        this.properties = properties;
    }

    /** The reasons the bucket is not private; empty when it is. */
    List<String> problems(String bucket) {
        List<String> problems = new ArrayList<>();
        try {
            aclProblem(bucket, s3.getBucketAcl(b -> b.bucket(bucket)), problems);
        } catch (NoSuchBucketException e) {
            problems.add("bucket '" + bucket + "' does not exist");
            return problems;
        }
        policyProblem(bucket, problems);
        anonymousReadProblem(bucket, problems);
        return problems;
    }

    private static void aclProblem(String bucket, GetBucketAclResponse acl, List<String> problems) {
        for (Grant grant : acl.grants()) {
            String uri = grant.grantee() == null ? null : grant.grantee().uri();
            if (uri != null && PUBLIC_GROUPS.contains(uri) && READ_PERMISSIONS.contains(grant.permission())) {
                problems.add("bucket '" + bucket + "' ACL grants " + grant.permission() + " to " + uri);
            }
        }
    }

    private void policyProblem(String bucket, List<String> problems) {
        try {
            if (Boolean.TRUE.equals(s3.getBucketPolicyStatus(b -> b.bucket(bucket))
                    .policyStatus()
                    .isPublic())) {
                problems.add("bucket '" + bucket + "' has a public bucket policy");
            }
        } catch (S3Exception e) {
            // No policy, or a store that does not implement policy status: the other two looks still apply.
        }
    }

    private void anonymousReadProblem(String bucket, List<String> problems) {
        URI listing = properties.usesCustomEndpoint()
                ? URI.create(properties.getEndpoint().replaceAll("/+$", "") + "/" + bucket + "?max-keys=1")
                : URI.create("https://" + bucket + ".s3." + properties.getRegion() + ".amazonaws.com/?max-keys=1");
        try {
            HttpResponse<Void> response = http.send(
                    HttpRequest.newBuilder(listing)
                            .timeout(Duration.ofSeconds(5))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 == 2) {
                problems.add("bucket '" + bucket + "' can be listed without credentials");
            }
        } catch (IOException e) {
            problems.add("bucket '" + bucket + "' anonymous-access probe failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
