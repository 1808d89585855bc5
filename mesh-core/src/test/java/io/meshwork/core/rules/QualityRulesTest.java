package io.meshwork.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class QualityRulesTest {

    private static final Schema ORDER = schema("/rules/order-placed.avsc");
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    @Test
    void acceptsAnEventThatHonoursEveryRule() {
        QualityRules rules = compile(
                new QualityRule("positive-total", "message.total > 0", "an order costs something"),
                new QualityRule("known-currency", "message.currency in ['EUR', 'USD']", ""),
                new QualityRule("not-in-future", "message.placedAt <= now", ""),
                new QualityRule("delivery-on-earth", "message.delivery.lat >= -90.0 && message.delivery.lat <= 90.0", ""),
                new QualityRule("voucher-format", "!has(message.voucher) || message.voucher.matches('^[A-Z0-9]{6}$')", ""),
                new QualityRule("items", "message.itemCount > 0 && message.tags.all(t, t.size() > 0)", ""));

        assertThat(rules.evaluate(order("12.50", "EUR", NOW.minusSeconds(60), null), NOW)).isEmpty();
        assertThat(rules.evaluate(order("12.50", "USD", NOW, "SAVE10"), NOW)).isEmpty();
    }

    @Test
    void namesEachRuleTheEventBreaks() {
        QualityRules rules = compile(
                new QualityRule("positive-total", "message.total > 0", ""),
                new QualityRule("known-currency", "message.currency in ['EUR', 'USD']", ""),
                new QualityRule("not-in-future", "message.placedAt <= now", ""));

        List<RuleViolation> violations = rules.evaluate(order("-1.00", "GBP", NOW.plusSeconds(3600), null), NOW);

        assertThat(violations).extracting(RuleViolation::rule)
                .containsExactly("positive-total", "known-currency", "not-in-future");
        assertThat(violations.get(0).message()).isEqualTo("rule positive-total is false: message.total > 0");
    }

    @Test
    void reportsAnEvaluationErrorAsAViolation() {
        QualityRules rules = compile(new QualityRule("voucher-length", "message.voucher.size() == 6", ""));

        List<RuleViolation> violations = rules.evaluate(order("1.00", "EUR", NOW, null), NOW);

        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo("voucher-length");
            assertThat(v.message()).startsWith("rule voucher-length cannot be evaluated on this event:");
        });
    }

    @Test
    void refusesARuleThatNamesAMissingField() {
        QualityRules.Result result = QualityRules.compile(ORDER, List.of(
                new QualityRule("typo", "message.totl > 0", ""),
                new QualityRule("nested-typo", "message.delivery.latitude > 0.0", "")));

        assertThat(result.ok()).isFalse();
        assertThat(result.problems()).extracting(RuleProblem::rule).containsExactly("typo", "nested-typo");
        assertThat(result.problems().get(0).message()).contains("undefined field 'totl'");
        assertThat(result.problems().get(1).message()).contains("undefined field 'latitude'");
    }

    @Test
    void refusesARuleThatIsNotAYesOrNoQuestion() {
        QualityRules.Result result = QualityRules.compile(ORDER, List.of(new QualityRule("total", "message.total", "")));

        assertThat(result.problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("expected type 'bool' but found 'double'"));
    }

    @Test
    void refusesARuleThatDoesNotParse() {
        QualityRules.Result result = QualityRules.compile(ORDER, List.of(new QualityRule("broken", "message.total >", "")));

        assertThat(result.problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("broken"));
    }

    private static QualityRules compile(QualityRule... rules) {
        QualityRules.Result result = QualityRules.compile(ORDER, List.of(rules));
        assertThat(result.problems()).isEmpty();
        return result.rules();
    }

    private static GenericRecord order(String total, String currency, Instant placedAt, String voucher) {
        Schema totalSchema = ORDER.getField("total").schema();
        ByteBuffer totalBytes = new Conversions.DecimalConversion()
                .toBytes(new BigDecimal(total), totalSchema, LogicalTypes.decimal(10, 2));
        GenericRecord delivery = new GenericData.Record(ORDER.getField("delivery").schema());
        delivery.put("lat", 52.52);
        delivery.put("lon", 13.40);
        GenericRecord order = new GenericData.Record(ORDER);
        order.put("orderId", "0b9b1c1e-2f51-4c6a-9a0e-3b8f0a4c1d2e");
        order.put("customerEmail", "ada@example.com");
        order.put("total", totalBytes);
        order.put("currency", new GenericData.EnumSymbol(ORDER.getField("currency").schema(), currency));
        order.put("placedAt", placedAt.toEpochMilli());
        order.put("itemCount", 2);
        order.put("voucher", voucher);
        order.put("delivery", delivery);
        order.put("tags", List.of("lunch"));
        return order;
    }

    static Schema schema(String resource) {
        try (InputStream in = QualityRulesTest.class.getResourceAsStream(resource)) {
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
