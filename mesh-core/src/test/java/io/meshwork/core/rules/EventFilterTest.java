package io.meshwork.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.junit.jupiter.api.Test;

class EventFilterTest {

    private static final Schema ORDER = new Schema.Parser().parse("""
            {"type": "record", "name": "Order", "fields": [
              {"name": "id", "type": "string"},
              {"name": "email", "type": "string"},
              {"name": "address", "type": {"type": "record", "name": "Address", "fields": [
                {"name": "city", "type": "string"}, {"name": "street", "type": "string"}]}},
              {"name": "quantities", "type": {"type": "array", "items": "long"}}]}""");

    private static EventFilter filter(String expression) {
        EventFilter.Result result = EventFilter.compile(ORDER, expression);
        assertThat(result.problem()).isEmpty();
        return result.filter().orElseThrow();
    }

    @Test
    void namesTheFieldsAFilterReads() {
        assertThat(filter("message.address.city == 'London' && has(message.email)").reads())
                .containsExactlyInAnyOrder("address.city", "email");
        assertThat(filter("message.quantities.exists(q, q > 3)").reads()).containsExactly("quantities");
        assertThat(filter("size(message.id) > 0").reads()).containsExactly("id");
    }

    @Test
    void aFilterOfTheWholeEventReadsEverything() {
        assertThat(filter("message == message").reads()).containsExactly("");
    }

    @Test
    void refusesAFilterThatMayCostTooMuchPerEvent() {
        String thousand = IntStream.range(0, 1000).mapToObj(String::valueOf).collect(Collectors.joining(",", "[", "]"));

        EventFilter.Result nested = EventFilter.compile(ORDER, thousand + ".all(a, " + thousand + ".all(b, a + b >= 0))");
        assertThat(nested.ok()).isFalse();
        assertThat(nested.problem()).contains("steps per event", "more than the 100000 allowed");

        EventFilter.Result overEvents = EventFilter.compile(ORDER,
                "message.quantities.all(a, message.quantities.all(b, message.quantities.all(c, a + b + c >= 0)))");
        assertThat(overEvents.ok()).as(overEvents.problem()).isFalse();
        assertThat(EventFilter.compile(ORDER, "message.quantities.all(a, a >= 0)").ok()).isTrue();
    }

    @Test
    void refusesAnExpressionLongerThanTheLimit() {
        EventFilter.Result result = EventFilter.compile(ORDER, "message.id == '" + "x".repeat(9000) + "'");

        assertThat(result.ok()).isFalse();
        assertThat(result.problem()).contains("more than the 8192 allowed");
    }

    @Test
    void stopsAnEvaluationThatRunsPastTheIterationLimit() {
        GenericData.Record order = new GenericData.Record(ORDER);
        order.put("id", "o-1");
        order.put("email", "a@example.com");
        GenericData.Record address = new GenericData.Record(ORDER.getField("address").schema());
        address.put("city", "London");
        address.put("street", "1 High St");
        order.put("address", address);
        List<Long> many = new ArrayList<>();
        for (long i = 0; i < 150_000; i++) {
            many.add(i);
        }
        order.put("quantities", many);

        EventFilter.Match match = filter("message.quantities.all(q, q >= 0)").test(order, Instant.now());

        assertThat(match.matches()).isFalse();
        assertThat(match.error()).isPresent();
    }
}
