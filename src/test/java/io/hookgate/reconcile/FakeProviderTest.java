package io.hookgate.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The provider fakes behave like the APIs they stand for, so that reconciliation tests built on them test
 * hookgate, not the fakes. Plain JUnit: no Quarkus, each fake on its own free port.
 */
class FakeProviderTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final long T0 = 1_700_000_000L;
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>; rel=\"next\"");

    private static HttpResponse<String> get(String url, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String url, String authorization)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) {
        return Fixtures.read(response.body());
    }

    @Nested
    class Stripe {

        private final String key = "Bearer " + FakeStripe.DEFAULT_API_KEY;

        private HttpResponse<String> events(FakeStripe stripe, String query) throws Exception {
            return get(stripe.url() + "/v1/events" + (query.isEmpty() ? "" : "?" + query), key);
        }

        @Test
        void anEventFromTheTemplateWithTheFixturesOwnValuesIsTheFixtureByteForByte() {
            assertThat(FakeStripe.event("evt_1Pgc76B7WZ01zgkWwyRHS12y", "plan.created", 1234567890) + "\n")
                    .isEqualTo(Fixtures.text("stripe-event.json"));
            JsonNode event = Fixtures.read(FakeStripe.event("evt_x", "charge.succeeded", T0));
            assertThat(event.get("id").asText()).isEqualTo("evt_x");
            assertThat(event.get("type").asText()).isEqualTo("charge.succeeded");
            assertThat(event.get("created").asLong()).isEqualTo(T0);
            assertThat(event.get("object").asText()).isEqualTo("event");
        }

        @Test
        void pagesNewestFirstWithHasMoreAndEachEventsTextVerbatim() throws Exception {
            try (FakeStripe stripe = new FakeStripe()) {
                List<String> made = FakeStripe.events("evt_page", "charge.succeeded", T0, 250);
                stripe.addEvents(made);
                Map<String, String> textById = new HashMap<>();
                made.forEach(e -> textById.put(Fixtures.read(e).get("id").asText(), e));

                List<String> seen = new ArrayList<>();
                List<Integer> sizes = new ArrayList<>();
                List<Boolean> hasMore = new ArrayList<>();
                String after = null;
                do {
                    HttpResponse<String> response = events(stripe,
                            "limit=100" + (after == null ? "" : "&starting_after=" + after));
                    assertThat(response.statusCode()).isEqualTo(200);
                    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
                    JsonNode page = json(response);
                    assertThat(page.get("object").asText()).isEqualTo("list");
                    assertThat(page.get("url").asText()).isEqualTo("/v1/events");
                    for (JsonNode event : page.get("data")) {
                        String id = event.get("id").asText();
                        seen.add(id);
                        assertThat(response.body()).contains(textById.get(id));
                    }
                    sizes.add(page.get("data").size());
                    hasMore.add(page.get("has_more").asBoolean());
                    after = seen.getLast();
                } while (hasMore.getLast());

                assertThat(sizes).containsExactly(100, 100, 50);
                assertThat(hasMore).containsExactly(true, true, false);
                List<String> newestFirst = made.stream().map(e -> Fixtures.read(e).get("id").asText()).toList()
                        .reversed();
                assertThat(seen).containsExactlyElementsOf(newestFirst);
                assertThat(stripe.requests()).isEqualTo(3);
                assertThat(stripe.queries()).containsExactly("limit=100",
                        "limit=100&starting_after=evt_page_000151", "limit=100&starting_after=evt_page_000051");
            }
        }

        @Test
        void createdBoundsAreInclusiveAndPagingStaysInsideThem() throws Exception {
            try (FakeStripe stripe = new FakeStripe()) {
                stripe.addEvents(FakeStripe.events("evt_w", "invoice.paid", T0, 50));
                String window = "created%5Bgte%5D=" + (T0 + 10) + "&created%5Blte%5D=" + (T0 + 19);

                List<String> seen = new ArrayList<>();
                JsonNode page = json(events(stripe, window + "&limit=4"));
                page.get("data").forEach(e -> seen.add(e.get("id").asText()));
                while (page.get("has_more").asBoolean()) {
                    page = json(events(stripe, window + "&limit=4&starting_after=" + seen.getLast()));
                    page.get("data").forEach(e -> seen.add(e.get("id").asText()));
                }

                assertThat(seen).containsExactly("evt_w_000020", "evt_w_000019", "evt_w_000018", "evt_w_000017",
                        "evt_w_000016", "evt_w_000015", "evt_w_000014", "evt_w_000013", "evt_w_000012",
                        "evt_w_000011");
                assertThat(stripe.queries().getFirst())
                        .isEqualTo("created[gte]=" + (T0 + 10) + "&created[lte]=" + (T0 + 19) + "&limit=4");
                assertThat(json(events(stripe, "created%5Bgt%5D=" + (T0 + 47))).get("data"))
                        .extracting(e -> e.get("id").asText()).containsExactly("evt_w_000050", "evt_w_000049");
                assertThat(json(events(stripe, "created=" + T0)).get("data"))
                        .extracting(e -> e.get("id").asText()).containsExactly("evt_w_000001");
            }
        }

        @Test
        void endingBeforePagesTowardsNewerEvents() throws Exception {
            try (FakeStripe stripe = new FakeStripe()) {
                stripe.addEvents(FakeStripe.events("evt_b", "charge.succeeded", T0, 10));
                JsonNode page = json(events(stripe, "limit=3&ending_before=evt_b_000005"));
                assertThat(page.get("data")).extracting(e -> e.get("id").asText())
                        .containsExactly("evt_b_000008", "evt_b_000007", "evt_b_000006");
                assertThat(page.get("has_more").asBoolean()).isTrue();
            }
        }

        @Test
        void eventsOfTheSameSecondKeepAStableOrderAcrossPages() throws Exception {
            try (FakeStripe stripe = new FakeStripe()) {
                for (int i = 1; i <= 5; i++) {
                    stripe.addEvent(FakeStripe.event("evt_same_" + i, "charge.succeeded", T0));
                }
                JsonNode first = json(events(stripe, "limit=2"));
                JsonNode rest = json(events(stripe, "limit=10&starting_after=evt_same_4"));
                assertThat(first.get("data")).extracting(e -> e.get("id").asText())
                        .containsExactly("evt_same_5", "evt_same_4");
                assertThat(rest.get("data")).extracting(e -> e.get("id").asText())
                        .containsExactly("evt_same_3", "evt_same_2", "evt_same_1");
            }
        }

        @Test
        void limitDefaultsToTenAndMustStayWithinOneToAHundred() throws Exception {
            try (FakeStripe stripe = new FakeStripe()) {
                stripe.addEvents(FakeStripe.events("evt_l", "charge.succeeded", T0, 20));
                assertThat(json(events(stripe, "")).get("data")).hasSize(10);
                for (String limit : List.of("0", "101", "ten")) {
                    HttpResponse<String> response = events(stripe, "limit=" + limit);
                    assertThat(response.statusCode()).as("limit=" + limit).isEqualTo(400);
                    assertThat(json(response).at("/error/param").asText()).isEqualTo("limit");
                    assertThat(json(response).at("/error/type").asText()).isEqualTo("invalid_request_error");
                }
            }
        }

        @Test
        void anUnknownCursorIsAMissingResource() throws Exception {
            try (FakeStripe stripe = new FakeStripe()) {
                HttpResponse<String> response = events(stripe, "starting_after=evt_gone");
                assertThat(response.statusCode()).isEqualTo(400);
                assertThat(json(response).at("/error/code").asText()).isEqualTo("resource_missing");
                assertThat(json(response).at("/error/param").asText()).isEqualTo("starting_after");
            }
        }

        @Test
        void aMissingOrWrongKeyIsRefusedWithStripesErrorBody() throws Exception {
            try (FakeStripe stripe = new FakeStripe("sk_test_right_key_1234")) {
                HttpResponse<String> missing = get(stripe.url() + "/v1/events", null);
                HttpResponse<String> wrong = get(stripe.url() + "/v1/events", "Bearer sk_test_wrong_key_9876");
                HttpResponse<String> right = get(stripe.url() + "/v1/events", "Bearer sk_test_right_key_1234");

                assertThat(missing.statusCode()).isEqualTo(401);
                assertThat(json(missing).at("/error/type").asText()).isEqualTo("invalid_request_error");
                assertThat(json(missing).at("/error/message").asText()).startsWith("You did not provide an API key.");
                assertThat(wrong.statusCode()).isEqualTo(401);
                assertThat(json(wrong).at("/error/type").asText()).isEqualTo("invalid_request_error");
                assertThat(json(wrong).at("/error/message").asText())
                        .isEqualTo("Invalid API Key provided: sk_test_**********9876");
                assertThat(right.statusCode()).isEqualTo(200);
                assertThat(stripe.requests()).isEqualTo(3);
            }
        }

        @Test
        void injectedFailuresComeFirstInTheOrderTheyWereQueued() throws Exception {
            try (FakeStripe stripe = new FakeStripe()) {
                stripe.addEvents(FakeStripe.events("evt_f", "charge.succeeded", T0, 3));
                String rateLimited = "{\"error\": {\"message\": \"Too many requests.\","
                        + " \"type\": \"invalid_request_error\", \"code\": \"rate_limit\"}}";
                stripe.failNext(429, 1, Map.of("Retry-After", "1"), rateLimited);
                stripe.failNext(503, 2);

                HttpResponse<String> first = events(stripe, "limit=100");
                assertThat(first.statusCode()).isEqualTo(429);
                assertThat(first.headers().firstValue("Retry-After")).hasValue("1");
                assertThat(json(first).at("/error/code").asText()).isEqualTo("rate_limit");
                assertThat(events(stripe, "limit=100").statusCode()).isEqualTo(503);
                assertThat(events(stripe, "limit=100").statusCode()).isEqualTo(503);
                HttpResponse<String> then = events(stripe, "limit=100");
                assertThat(then.statusCode()).isEqualTo(200);
                assertThat(json(then).get("data")).hasSize(3);
                assertThat(stripe.requests()).isEqualTo(4);
            }
        }

        @Test
        void aMalformedPageIsA200ThatIsNotJsonAndTheRetryIsWhole() throws Exception {
            try (FakeStripe stripe = new FakeStripe()) {
                stripe.addEvents(FakeStripe.events("evt_m", "charge.succeeded", T0, 30));
                stripe.malformedPage(2);

                JsonNode first = json(events(stripe, "limit=10"));
                String after = first.get("data").get(9).get("id").asText();
                HttpResponse<String> broken = events(stripe, "limit=10&starting_after=" + after);
                assertThat(broken.statusCode()).isEqualTo(200);
                assertThat(broken.body()).startsWith("{\n  \"object\": \"list\"");
                assertThatThrownBy(() -> json(broken)).isInstanceOf(IllegalArgumentException.class);
                JsonNode retried = json(events(stripe, "limit=10&starting_after=" + after));
                assertThat(retried.get("data")).hasSize(10);
                assertThat(retried.get("has_more").asBoolean()).isTrue();
            }
        }

        @Test
        void tenThousandEventsWalkInAHundredPages() throws Exception {
            try (FakeStripe stripe = new FakeStripe()) {
                stripe.addEvents(FakeStripe.events("evt_big", "charge.succeeded", T0, 10_000));
                List<String> seen = new ArrayList<>();
                boolean more = true;
                while (more) {
                    JsonNode page = json(events(stripe,
                            "limit=100" + (seen.isEmpty() ? "" : "&starting_after=" + seen.getLast())));
                    page.get("data").forEach(e -> seen.add(e.get("id").asText()));
                    more = page.get("has_more").asBoolean();
                }
                assertThat(seen).hasSize(10_000).doesNotHaveDuplicates();
                assertThat(stripe.requests()).isEqualTo(100);
            }
        }

        @Test
        void resetForgetsEventsFaultsAndCounts() throws Exception {
            try (FakeStripe stripe = new FakeStripe()) {
                stripe.addEvents(FakeStripe.events("evt_r", "charge.succeeded", T0, 3));
                stripe.failNext(500, 5);
                events(stripe, "");
                stripe.reset();
                assertThat(stripe.requests()).isZero();
                assertThat(stripe.queries()).isEmpty();
                HttpResponse<String> response = events(stripe, "");
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(json(response).get("data")).isEmpty();
            }
        }
    }

    @Nested
    class Github {

        private final String token = "Bearer " + FakeGithub.DEFAULT_TOKEN;
        private static final Instant AT = Instant.parse("2026-03-01T12:00:00Z");

        @Test
        void aDeliveryFromTheTemplateWithTheExamplesOwnValuesIsTheExample() {
            ObjectNode example = (ObjectNode) Fixtures.read(Fixtures.text("github-deliveries.json")).get(0);
            example.putNull("throttled_at");
            String made = FakeGithub.delivery(12345678, "0b989ba4-242f-11e5-81e1-c7b6966d2516",
                    "2019-06-03T00:57:16Z", 200, "issues", "opened", false);
            assertThat(Fixtures.read(made)).isEqualTo(example);
            assertThat(made).isEqualTo(Fixtures.print(example));

            JsonNode failed = Fixtures
                    .read(FakeGithub.delivery(7, "g", "2026-03-01T12:00:00Z", 503, "push", null, true));
            assertThat(failed.get("status").asText()).isEqualTo("Invalid HTTP Response: 503");
            assertThat(failed.get("status_code").asInt()).isEqualTo(503);
            assertThat(failed.get("action").isNull()).isTrue();
            assertThat(failed.get("redelivery").asBoolean()).isTrue();
            assertThat(FakeGithub.statusText(0)).isEqualTo("failed to connect");
            assertThat(FakeGithub.statusText(204)).isEqualTo("OK");
        }

        @ParameterizedTest
        @ValueSource(strings = { "/repos/octo-org/octo-repo/hooks/12", "/orgs/octo-org/hooks/34", "/app/hook" })
        void walksTheLinkHeaderNewestFirstAndStopsWhenThereIsNone(String hookPath) throws Exception {
            try (FakeGithub github = new FakeGithub(hookPath)) {
                github.addDeliveries(FakeGithub.deliveries(1001, AT, 250, "push", null, 200));
                Pattern linkForm = Pattern.compile("<" + Pattern.quote(github.url() + hookPath)
                        + "/deliveries\\?per_page=100&cursor=v1_\\d+>; rel=\"next\"");

                List<Long> seen = new ArrayList<>();
                List<Integer> sizes = new ArrayList<>();
                String next = github.deliveriesUrl(100);
                while (next != null) {
                    HttpResponse<String> response = get(next, token);
                    assertThat(response.statusCode()).isEqualTo(200);
                    json(response).forEach(d -> seen.add(d.get("id").asLong()));
                    sizes.add(json(response).size());
                    String link = response.headers().firstValue("Link").orElse(null);
                    if (link != null) {
                        assertThat(link).matches(linkForm);
                        Matcher m = NEXT.matcher(link);
                        assertThat(m.find()).isTrue();
                        next = m.group(1);
                    } else {
                        next = null;
                    }
                }

                assertThat(sizes).containsExactly(100, 100, 50);
                assertThat(seen).hasSize(250).doesNotHaveDuplicates().isSortedAccordingTo((a, b) -> Long.compare(b, a));
                assertThat(seen.getFirst()).isEqualTo(1250L);
                assertThat(github.requests()).isEqualTo(3);
                assertThat(github.queries()).containsExactly("per_page=100", "per_page=100&cursor=v1_1150",
                        "per_page=100&cursor=v1_1050");
            }
        }

        @Test
        void perPageDefaultsToThirtyAndIsCappedAtAHundred() throws Exception {
            try (FakeGithub github = new FakeGithub(FakeGithub.APP_HOOK)) {
                github.addDeliveries(FakeGithub.deliveries(1, AT, 150, "issues", "opened", 200));
                assertThat(json(get(github.url() + "/app/hook/deliveries", token))).hasSize(30);
                HttpResponse<String> capped = get(github.deliveriesUrl(500), token);
                assertThat(json(capped)).hasSize(100);
                assertThat(capped.headers().firstValue("Link").orElseThrow()).contains("per_page=100&cursor=v1_50>");
            }
        }

        @Test
        void theStatusFilterSplitsSuccessesFromFailuresAndTheLinkKeepsIt() throws Exception {
            try (FakeGithub github = new FakeGithub(FakeGithub.orgHook("octo-org", 34))) {
                for (long id = 1; id <= 6; id++) {
                    github.addDelivery(FakeGithub.delivery(id, FakeGithub.guid(id), AT.plusSeconds(id).toString(),
                            id % 2 == 0 ? 503 : 200, "push", null, false));
                }
                HttpResponse<String> failures = get(github.deliveriesUrl(2) + "&status=failure", token);
                assertThat(json(failures)).extracting(d -> d.get("id").asLong()).containsExactly(6L, 4L);
                assertThat(failures.headers().firstValue("Link").orElseThrow())
                        .contains("cursor=v1_2&status=failure>");
                assertThat(json(get(github.deliveriesUrl(10) + "&status=success", token)))
                        .extracting(d -> d.get("id").asLong()).containsExactly(5L, 3L, 1L);
            }
        }

        @Test
        void aMissingOrWrongTokenIsRefusedWithGithubsErrorBody() throws Exception {
            try (FakeGithub github = new FakeGithub(FakeGithub.repoHook("o", "r", 1), "ghs_right")) {
                HttpResponse<String> missing = get(github.deliveriesUrl(10), null);
                HttpResponse<String> wrong = get(github.deliveriesUrl(10), "Bearer ghs_wrong");
                assertThat(missing.statusCode()).isEqualTo(401);
                assertThat(json(missing).get("message").asText()).isEqualTo("Requires authentication");
                assertThat(wrong.statusCode()).isEqualTo(401);
                assertThat(json(wrong).get("message").asText()).isEqualTo("Bad credentials");
                assertThat(json(wrong).get("documentation_url").asText()).startsWith("https://docs.github.com/");
                assertThat(get(github.deliveriesUrl(10), "Bearer ghs_right").statusCode()).isEqualTo(200);
                assertThat(get(github.deliveriesUrl(10), "token ghs_right").statusCode()).isEqualTo(200);
                assertThat(post(github.url() + github.hookPath() + "/deliveries/1/attempts", "Bearer ghs_wrong")
                        .statusCode()).isEqualTo(401);
                assertThat(github.redeliveryRequests()).isEmpty();
            }
        }

        @Test
        void injectedFailuresAndAMalformedPageThenTheRealPage() throws Exception {
            try (FakeGithub github = new FakeGithub(FakeGithub.APP_HOOK)) {
                github.addDeliveries(FakeGithub.deliveries(1, AT, 5, "push", null, 200));
                github.failNext(503, 1);
                github.failNext(429, 1, Map.of("Retry-After", "1"), "{\"message\": \"API rate limit exceeded\"}");
                github.malformedPage(3);

                assertThat(get(github.deliveriesUrl(10), token).statusCode()).isEqualTo(503);
                HttpResponse<String> limited = get(github.deliveriesUrl(10), token);
                assertThat(limited.statusCode()).isEqualTo(429);
                assertThat(limited.headers().firstValue("Retry-After")).hasValue("1");
                HttpResponse<String> broken = get(github.deliveriesUrl(10), token);
                assertThat(broken.statusCode()).isEqualTo(200);
                assertThatThrownBy(() -> json(broken)).isInstanceOf(IllegalArgumentException.class);
                assertThat(json(get(github.deliveriesUrl(10), token))).hasSize(5);
                assertThat(github.requests()).isEqualTo(4);
            }
        }

        @Test
        void redeliveriesAreAcceptedRecordedInOrderAndCalledBack() throws Exception {
            try (FakeGithub github = new FakeGithub(FakeGithub.repoHook("octo-org", "octo-repo", 12))) {
                github.addDeliveries(FakeGithub.deliveries(1, AT, 5, "push", null, 503));
                List<Long> calledBack = new CopyOnWriteArrayList<>();
                github.onRedelivery(id -> {
                    calledBack.add(id);
                    // What GitHub's list then shows: a new delivery, same guid, flagged as a redelivery.
                    github.addDelivery(FakeGithub.delivery(100 + id, FakeGithub.guid(id), AT.plusSeconds(60).toString(),
                            200, "push", null, true));
                });
                String attempts = github.url() + github.hookPath() + "/deliveries/";

                HttpResponse<String> accepted = post(attempts + "4/attempts", token);
                assertThat(accepted.statusCode()).isEqualTo(202);
                assertThat(json(accepted)).isEqualTo(Fixtures.read("{}"));
                assertThat(post(attempts + "2/attempts", token).statusCode()).isEqualTo(202);
                assertThat(post(attempts + "999/attempts", token).statusCode()).isEqualTo(404);
                github.failNextRedelivery(422, 1, Map.of(), "{\"message\": \"Validation Failed\"}");
                assertThat(post(attempts + "1/attempts", token).statusCode()).isEqualTo(422);

                assertThat(github.redeliveryRequests()).containsExactly(4L, 2L);
                github.awaitRedeliveryCallbacks(Duration.ofSeconds(5));
                assertThat(calledBack).containsExactly(4L, 2L);
                JsonNode newest = json(get(github.deliveriesUrl(2), token));
                assertThat(newest).extracting(d -> d.get("id").asLong()).containsExactly(104L, 102L);
                assertThat(newest.get(0).get("guid").asText()).isEqualTo(FakeGithub.guid(4));
                assertThat(newest.get(0).get("redelivery").asBoolean()).isTrue();
            }
        }

        @Test
        void aFailingCallbackFailsTheWait() throws Exception {
            try (FakeGithub github = new FakeGithub(FakeGithub.APP_HOOK)) {
                github.addDelivery(FakeGithub.delivery(1, FakeGithub.guid(1), AT.toString(), 500, "push", null, false));
                github.onRedelivery(id -> {
                    throw new IllegalStateException("hookgate said no");
                });
                assertThat(post(github.url() + "/app/hook/deliveries/1/attempts", token).statusCode()).isEqualTo(202);
                assertThatThrownBy(() -> github.awaitRedeliveryCallbacks(Duration.ofSeconds(5)))
                        .isInstanceOf(AssertionError.class).hasRootCauseMessage("hookgate said no");
            }
        }

        @Test
        void otherRoutesAndOtherHooksAreNotFound() throws Exception {
            try (FakeGithub github = new FakeGithub(FakeGithub.orgHook("octo-org", 34))) {
                HttpResponse<String> otherHook = get(github.url() + "/orgs/octo-org/hooks/35/deliveries", token);
                assertThat(otherHook.statusCode()).isEqualTo(404);
                assertThat(json(otherHook).get("message").asText()).isEqualTo("Not Found");
                assertThat(github.requests()).isZero();
            }
            assertThatThrownBy(() -> new FakeGithub("/repos/only-owner/hooks/1"))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
