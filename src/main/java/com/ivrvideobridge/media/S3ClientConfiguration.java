package com.ivrvideobridge.media;

import java.net.URI;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** The S3 client and presigner, pointed at AWS or at any S3-compatible endpoint; every S3 call is bounded (bridge.s3.api-call-*). */
@Configuration(proxyBeanMethods = false)
public class S3ClientConfiguration {

    @Bean
    AwsCredentialsProvider mediaCredentialsProvider(S3Properties s3) {
        if (!s3.getAccessKey().isBlank()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.getAccessKey(), s3.getSecretKey()));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    @Bean(destroyMethod = "close")
    S3Client mediaS3Client(S3Properties s3, AwsCredentialsProvider mediaCredentialsProvider) {
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(s3.getRegion()))
                .credentialsProvider(mediaCredentialsProvider)
                // S3-compatible stores (S3Proxy, older MinIO) reject the SDK's default request checksums.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                // Bounded: the webhook's asset check runs on a request thread, and the SDK's HTTP
                // client would otherwise wait 30 s per attempt for a store that does not answer.
                .overrideConfiguration(o ->
                        o.apiCallTimeout(s3.getApiCallTimeout()).apiCallAttemptTimeout(s3.getApiCallAttemptTimeout()));
        if (s3.usesCustomEndpoint()) {
            builder.endpointOverride(URI.create(s3.getEndpoint())).forcePathStyle(true);
        }
        return builder.build();
    }

    @Bean(destroyMethod = "close")
    S3Presigner mediaPresigner(S3Properties s3, AwsCredentialsProvider mediaCredentialsProvider) {
        S3Presigner.Builder builder =
                S3Presigner.builder().region(Region.of(s3.getRegion())).credentialsProvider(mediaCredentialsProvider);
        if (s3.usesCustomEndpoint()) {
            builder.endpointOverride(URI.create(s3.getEndpoint()))
                    .serviceConfiguration(S3Configuration.builder()
                            .pathStyleAccessEnabled(true)
                            .build());
        }
        return builder.build();
    }
}
