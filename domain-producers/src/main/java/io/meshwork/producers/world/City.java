package io.meshwork.producers.world;

import java.math.BigDecimal;
import java.util.List;
import java.util.Random;

/** A city the demo platform serves, with what makes its addresses, phone numbers and prices look local. */
record City(String name, String country, String currency, GeoPoint center, String phonePrefix,
            BigDecimal deliveryFee, BigDecimal priceScale, List<String> streets) {

    static final List<City> ALL = List.of(
            new City("Berlin", "DE", "EUR", new GeoPoint(52.5200, 13.4050), "+4930", new BigDecimal("2.49"),
                    BigDecimal.ONE, List.of("Torstraße", "Kastanienallee", "Oranienstraße", "Sonnenallee",
                            "Bergmannstraße", "Kantstraße", "Schönhauser Allee", "Warschauer Straße")),
            new City("London", "GB", "GBP", new GeoPoint(51.5072, -0.1276), "+4420", new BigDecimal("1.99"),
                    BigDecimal.ONE, List.of("Brick Lane", "Camden High Street", "Upper Street", "Old Kent Road",
                            "King's Road", "Portobello Road", "Mare Street", "Coldharbour Lane")),
            new City("Stockholm", "SE", "SEK", new GeoPoint(59.3293, 18.0686), "+468", new BigDecimal("29.00"),
                    BigDecimal.TEN, List.of("Götgatan", "Hornsgatan", "Drottninggatan", "Odengatan",
                            "Sveavägen", "Folkungagatan", "Fleminggatan", "Ringvägen")));

    String street(Random random) {
        return streets.get(random.nextInt(streets.size())) + " " + (1 + random.nextInt(180));
    }

    String postalCode(Random random) {
        return switch (country) {
            case "DE" -> String.format("10%03d", 115 + random.nextInt(885));
            case "GB" -> "E" + (1 + random.nextInt(9)) + " " + (1 + random.nextInt(9))
                    + (char) ('A' + random.nextInt(26)) + (char) ('A' + random.nextInt(26));
            default -> String.format("1%02d %02d", 11 + random.nextInt(80), random.nextInt(100));
        };
    }

    String phone(Random random) {
        StringBuilder phone = new StringBuilder(phonePrefix);
        for (int i = 0; i < 8; i++) {
            phone.append(random.nextInt(10));
        }
        return phone.toString();
    }
}
