package com.ivrvideobridge.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.ivrvideobridge.outcome.AnalyticsConversations.CallFacts;
import com.ivrvideobridge.testbed.AnalyticsStubs;
import com.ivrvideobridge.testbed.AnalyticsStubs.Agent;
import com.mypurecloud.sdk.v2.model.AnalyticsConversationQueryResponse;
import com.mypurecloud.sdk.v2.model.AnalyticsConversationSegment;
import com.mypurecloud.sdk.v2.model.AnalyticsConversationWithoutAttributes;
import com.mypurecloud.sdk.v2.model.AnalyticsParticipantWithoutAttributes;
import com.mypurecloud.sdk.v2.model.ConversationQuery;
import com.mypurecloud.sdk.v2.model.SegmentDetailQueryPredicate;
import com.mypurecloud.sdk.v2.model.WrapupCode;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Every analytics body the tests stub, and the query the bridge sends, bound to Genesys' own Java
 * SDK models (com.mypurecloud:platform-client-v2): a field the real API does not have, or an enum
 * value it does not know (the SDK reads it as OutdatedSdkVersion), fails here. The parser then
 * reads the same bodies.
 */
class GenesysModelsTest {

    /** Strict: an unknown property is an error, not ignored as the SDK's own client would. */
    static final ObjectMapper SDK = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    private static final Instant START = Instant.parse("2026-11-25T12:00:00Z");
    private static final String CODE = "7fb334b0-0e9e-11e4-9191-0800200c9a66";
    private final AnalyticsConversations parser =
            new AnalyticsConversations(new ObjectMapper().registerModule(new JavaTimeModule()));

    /** Reads {@code body} as {@code model} strictly, and checks no enum fell back to OutdatedSdkVersion. */
    static <T> T bind(String body, Class<T> model) throws Exception {
        T value = SDK.readValue(body, model);
        assertThat(SDK.writeValueAsString(value)).doesNotContain("OutdatedSdkVersion");
        return value;
    }

    @Test
    void aCallAnAgentTookIsAnAnalyticsConversationWithAWrapUpSegment() throws Exception {
        String body = AnalyticsStubs.voiceCall(
                "conv-1",
                START,
                START.plusSeconds(600),
                new Agent(START.plusSeconds(120), START.plusSeconds(420), Duration.ofSeconds(45), CODE));

        AnalyticsConversationWithoutAttributes conversation = bind(body, AnalyticsConversationWithoutAttributes.class);

        assertThat(conversation.getConversationEnd()).isEqualTo(java.util.Date.from(START.plusSeconds(600)));
        AnalyticsParticipantWithoutAttributes agent = conversation.getParticipants().stream()
                .filter(p -> p.getPurpose() == AnalyticsParticipantWithoutAttributes.PurposeEnum.AGENT)
                .findFirst()
                .orElseThrow();
        assertThat(agent.getSessions().get(0).getSegments())
                .extracting(AnalyticsConversationSegment::getSegmentType)
                .containsExactly(
                        AnalyticsConversationSegment.SegmentTypeEnum.ALERT,
                        AnalyticsConversationSegment.SegmentTypeEnum.INTERACT,
                        AnalyticsConversationSegment.SegmentTypeEnum.WRAPUP);
        assertThat(agent.getSessions().get(0).getSegments().get(2).getWrapUpCode())
                .isEqualTo(CODE);

        CallFacts facts = parser.details(body);
        assertThat(facts.agentReached()).isTrue();
        assertThat(facts.wrapUpCodeId()).isEqualTo(CODE);
        assertThat(facts.handleSeconds()).isEqualTo(300 + 45);
        assertThat(facts.ani()).isEqualTo(AnalyticsStubs.ANI);
        assertThat(facts.end()).isEqualTo(START.plusSeconds(600));
    }

    @Test
    void aCallWithoutAnAgentAndOneStillGoing() throws Exception {
        String ended = AnalyticsStubs.voiceCall("conv-2", START, START.plusSeconds(200), null);
        String going = AnalyticsStubs.voiceCall("conv-3", START, null, null);

        assertThat(bind(ended, AnalyticsConversationWithoutAttributes.class).getParticipants())
                .hasSize(2);
        assertThat(bind(going, AnalyticsConversationWithoutAttributes.class).getConversationEnd())
                .isNull();
        assertThat(parser.details(ended).agentReached()).isFalse();
        assertThat(parser.details(ended).handleSeconds()).isZero();
        assertThat(parser.details(going).ended()).isFalse();
    }

    @Test
    void aCallbackAnAgentTook() throws Exception {
        String body = AnalyticsStubs.callback(
                "cb-1",
                START,
                START.plusSeconds(300),
                new Agent(START.plusSeconds(10), START.plusSeconds(250), Duration.ofSeconds(30), CODE));

        bind(body, AnalyticsConversationWithoutAttributes.class);

        assertThat(parser.details(body).agentReached()).isTrue();
        assertThat(parser.details(body).wrapUpCodeId()).isEqualTo(CODE);
    }

    @Test
    void theQueryAnswerWithAndWithoutConversations() throws Exception {
        String later = AnalyticsStubs.voiceCall("conv-4", START.plusSeconds(3600), START.plusSeconds(4000), null);
        AnalyticsConversationQueryResponse some =
                bind(AnalyticsStubs.queryAnswer(later), AnalyticsConversationQueryResponse.class);
        AnalyticsConversationQueryResponse none =
                bind(AnalyticsStubs.queryAnswer(), AnalyticsConversationQueryResponse.class);

        assertThat(some.getConversations()).hasSize(1);
        assertThat(some.getTotalHits()).isEqualTo(1);
        assertThat(none.getConversations()).isNullOrEmpty();
        assertThat(parser.queried(AnalyticsStubs.queryAnswer(later)))
                .extracting(CallFacts::conversationId)
                .containsExactly("conv-4");
        assertThat(parser.queried(AnalyticsStubs.queryAnswer())).isEmpty();
    }

    @Test
    void theRepeatQueryIsAConversationQueryOnTheAniDimension() throws Exception {
        String body = parser.repeatQuery("tel:+14155550100", START, START.plus(Duration.ofHours(24)));

        ConversationQuery query = bind(body, ConversationQuery.class);

        assertThat(query.getInterval()).isEqualTo("2026-11-25T12:00:00Z/2026-11-26T12:00:00Z");
        assertThat(query.getOrderBy()).isEqualTo(ConversationQuery.OrderByEnum.CONVERSATIONSTART);
        assertThat(query.getPaging().getPageSize()).isEqualTo(AnalyticsConversations.PAGE_SIZE);
        assertThat(query.getSegmentFilters().get(0).getClauses().get(0).getPredicates())
                .extracting(SegmentDetailQueryPredicate::getDimension, SegmentDetailQueryPredicate::getValue)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(
                                SegmentDetailQueryPredicate.DimensionEnum.ANI, "tel:+14155550100"),
                        org.assertj.core.groups.Tuple.tuple(
                                SegmentDetailQueryPredicate.DimensionEnum.ANI, "+14155550100"));
        assertThat(query.getSegmentFilters().get(0).getPredicates())
                .extracting(SegmentDetailQueryPredicate::getDimension)
                .containsExactlyInAnyOrder(
                        SegmentDetailQueryPredicate.DimensionEnum.MEDIATYPE,
                        SegmentDetailQueryPredicate.DimensionEnum.DIRECTION);
    }

    @Test
    void aWrapUpCodeIsAWrapupCode() throws Exception {
        WrapupCode code = bind(AnalyticsStubs.wrapUpCode(CODE, "Password reset"), WrapupCode.class);

        assertThat(code.getName()).isEqualTo("Password reset");
        assertThat(code.getId()).isEqualTo(CODE);
    }
}
