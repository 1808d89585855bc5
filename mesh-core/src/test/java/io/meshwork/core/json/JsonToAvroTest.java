package io.meshwork.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class JsonToAvroTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Schema ORDER = schema("/rules/order-placed.avsc");

    @Test
    void convertsNaturalJsonWithLogicalTypesUnionsAndDefaults() throws Exception {
        JsonToAvro.Result result = JsonToAvro.convert(JSON.readTree("""
                {"orderId": "0b9b1c1e-2f51-4c6a-9a0e-3b8f0a4c1d2e", "customerEmail": "ada@example.com",
                 "total": 12.5, "currency": "EUR", "placedAt": "2026-11-22T13:00:00+01:00", "itemCount": 2,
                 "voucher": "SAVE10", "delivery": {"lat": 52.52, "lon": 13.40}}
                """), ORDER);

        assertThat(result.problems()).isEmpty();
        GenericRecord order = result.record();
        assertThat(GenericData.get().validate(ORDER, order)).isTrue();
        assertThat(order.get("orderId")).isEqualTo("0b9b1c1e-2f51-4c6a-9a0e-3b8f0a4c1d2e");
        assertThat(new BigDecimal(new BigInteger(bytes((ByteBuffer) order.get("total"))), 2))
                .isEqualByComparingTo("12.50");
        assertThat(order.get("currency").toString()).isEqualTo("EUR");
        assertThat(order.get("placedAt")).isEqualTo(Instant.parse("2026-11-22T12:00:00Z").toEpochMilli());
        assertThat(order.get("voucher")).isEqualTo("SAVE10");
        assertThat((List<?>) order.get("tags")).as("the default applies").isEmpty();
        assertThat(((GenericRecord) order.get("delivery")).get("lat")).isEqualTo(52.52);
    }

    @Test
    void takesDecimalsAsStringsAndNullForOptionalFields() throws Exception {
        JsonToAvro.Result result = JsonToAvro.convert(JSON.readTree("""
                {"orderId": "0b9b1c1e-2f51-4c6a-9a0e-3b8f0a4c1d2e", "customerEmail": "a@b.c", "total": "99999999.99",
                 "currency": "GBP", "placedAt": 1790000000000, "itemCount": 1, "voucher": null,
                 "delivery": {"lat": 0, "lon": 0}, "tags": ["late-night"]}
                """), ORDER);

        assertThat(result.problems()).isEmpty();
        assertThat(result.record().get("voucher")).isNull();
        assertThat(result.record().get("placedAt")).isEqualTo(1790000000000L);
    }

    @Test
    void reportsEveryProblemWithItsPath() throws Exception {
        JsonToAvro.Result result = JsonToAvro.convert(JSON.readTree("""
                {"orderId": "not-a-uuid", "total": 12.505, "currency": "CHF", "placedAt": "yesterday",
                 "itemCount": 3000000000, "voucher": 7, "delivery": {"lat": "north", "lon": 13.4, "alt": 30},
                 "tags": ["ok", 5], "coupon": "X"}
                """), ORDER);

        assertThat(result.ok()).isFalse();
        assertThat(result.record()).isNull();
        assertThat(result.problems()).extracting(JsonProblem::toString).containsExactlyInAnyOrder(
                "$.coupon: unknown field; OrderPlaced has orderId, customerEmail, total, currency, placedAt, itemCount,"
                        + " voucher, delivery, tags",
                "$.orderId: 'not-a-uuid' is not a UUID",
                "$.customerEmail: required, but missing: expected a string",
                "$.total: 12.505 has more than 2 decimal places",
                "$.currency: 'CHF' is not one of EUR, USD, GBP",
                "$.placedAt: 'yesterday' is not an ISO-8601 timestamp with an offset, like 2026-11-22T12:00:00Z",
                "$.itemCount: 3000000000 is out of range for an int",
                "$.voucher: expected a string, got 7",
                "$.delivery.alt: unknown field; Location has lat, lon",
                "$.delivery.lat: expected a number, got \"north\"",
                "$.tags[1]: expected a string, got 5");
    }

    @Test
    void refusesNullWhereTheSchemaHasNoNullAndNonObjects() throws Exception {
        assertThat(JsonToAvro.convert(JSON.readTree("[1, 2]"), ORDER).problems())
                .extracting(JsonProblem::toString).containsExactly("$: expected an object (OrderPlaced), got [1,2]");
        Schema small = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"S\",\"fields\":["
                + "{\"name\":\"n\",\"type\":\"long\"},{\"name\":\"amount\",\"type\":{\"type\":\"bytes\","
                + "\"logicalType\":\"decimal\",\"precision\":4,\"scale\":2}}]}");
        assertThat(JsonToAvro.convert(JSON.readTree("{\"n\": null, \"amount\": 123.4}"), small).problems())
                .extracting(JsonProblem::toString).containsExactly(
                        "$.n: must not be null: expected an integer (long)",
                        "$.amount: 123.4 has more than 2 digits before the decimal point");
    }

    @Test
    void choosesTheUnionBranchThatFitsTheValue() throws Exception {
        Schema schema = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"U\",\"fields\":["
                + "{\"name\":\"v\",\"type\":[\"null\",\"long\",\"string\",{\"type\":\"record\",\"name\":\"P\","
                + "\"fields\":[{\"name\":\"x\",\"type\":\"int\"}]}]}]}");

        assertThat(JsonToAvro.convert(JSON.readTree("{\"v\": 5}"), schema).record().get("v")).isEqualTo(5L);
        assertThat(JsonToAvro.convert(JSON.readTree("{\"v\": \"five\"}"), schema).record().get("v")).isEqualTo("five");
        assertThat(((GenericRecord) JsonToAvro.convert(JSON.readTree("{\"v\": {\"x\": 1}}"), schema).record().get("v"))
                .get("x")).isEqualTo(1);
        assertThat(JsonToAvro.convert(JSON.readTree("{\"v\": true}"), schema).problems())
                .extracting(JsonProblem::toString)
                .containsExactly("$.v: true fits none of null or an integer (long) or a string or an object (P)");
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    private static Schema schema(String resource) {
        try (InputStream in = JsonToAvroTest.class.getResourceAsStream(resource)) {
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void refusesNumbersAndTimesThatDoNotFitBeforeDoingAnyArithmeticOnThem() throws Exception {
        JsonToAvro.Result result = JsonToAvro.convert(JSON.readTree("""
                {"orderId": "0b9b1c1e-2f51-4c6a-9a0e-3b8f0a4c1d2e", "customerEmail": "a@b.c", "total": "1e1000000000",
                 "currency": "GBP", "placedAt": "+999999999-12-31T23:59:59Z", "itemCount": 1,
                 "delivery": {"lat": 1e400, "lon": 0}}
                """), ORDER);

        assertThat(result.problems()).extracting(JsonProblem::toString).containsExactlyInAnyOrder(
                "$.total: 1E+1000000000 has more than 8 digits before the decimal point",
                "$.placedAt: '+999999999-12-31T23:59:59Z' is out of range for a timestamp",
                "$.delivery.lat: a number beyond ±1.8e308 is out of range for a double");
    }

    @Test
    void neverEchoesMoreThanAFewHundredCharactersOfWhatWasSent() throws Exception {
        String huge = "x".repeat(40_000);
        JsonToAvro.Result result = JsonToAvro.convert(JSON.readTree("""
                {"orderId": "%1$s", "customerEmail": "a@b.c", "total": "%2$s", "currency": "%1$s",
                 "placedAt": "%1$s", "itemCount": 1, "delivery": {"lat": 0, "lon": 0}, "%1$s": 1}
                """.formatted(huge, "9".repeat(1_000_000))), ORDER);

        assertThat(result.ok()).isFalse();
        assertThat(result.problems()).hasSizeGreaterThanOrEqualTo(5)
                .allSatisfy(p -> assertThat(p.toString()).hasSizeLessThan(800));
        assertThat(result.problems()).extracting(JsonProblem::toString)
                .anyMatch(p -> p.contains("longer than the 100 allowed"));
    }
}
