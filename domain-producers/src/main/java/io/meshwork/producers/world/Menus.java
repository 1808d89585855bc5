package io.meshwork.producers.world;

import java.math.BigDecimal;
import java.util.List;

/** What the demo's restaurants cook: a few kitchens, each with dishes, prices (in a city's base unit) and allergens. */
final class Menus {

    record Dish(String name, String category, BigDecimal basePrice, List<String> allergens) {
    }

    record Kitchen(String style, List<Dish> dishes) {
    }

    static final List<Kitchen> KITCHENS = List.of(
            new Kitchen("pizza", List.of(
                    new Dish("Margherita", "pizza", new BigDecimal("8.50"), List.of("gluten", "milk")),
                    new Dish("Diavola", "pizza", new BigDecimal("10.90"), List.of("gluten", "milk")),
                    new Dish("Quattro Formaggi", "pizza", new BigDecimal("11.50"), List.of("gluten", "milk")),
                    new Dish("Burrata Salad", "salad", new BigDecimal("9.20"), List.of("milk")),
                    new Dish("Tiramisu", "dessert", new BigDecimal("5.40"), List.of("egg", "milk", "gluten")),
                    new Dish("San Pellegrino", "drinks", new BigDecimal("2.80"), List.of()))),
            new Kitchen("sushi", List.of(
                    new Dish("Salmon Nigiri (6)", "nigiri", new BigDecimal("9.90"), List.of("fish", "soy")),
                    new Dish("California Roll", "maki", new BigDecimal("8.40"), List.of("crustaceans", "soy", "sesame")),
                    new Dish("Vegan Dragon Roll", "maki", new BigDecimal("10.20"), List.of("soy", "sesame")),
                    new Dish("Miso Soup", "soup", new BigDecimal("3.50"), List.of("soy")),
                    new Dish("Edamame", "sides", new BigDecimal("4.20"), List.of("soy")),
                    new Dish("Green Tea", "drinks", new BigDecimal("2.50"), List.of()))),
            new Kitchen("burger", List.of(
                    new Dish("Classic Cheeseburger", "burger", new BigDecimal("9.50"), List.of("gluten", "milk", "mustard")),
                    new Dish("Veggie Burger", "burger", new BigDecimal("9.90"), List.of("gluten", "soy")),
                    new Dish("Sweet Potato Fries", "sides", new BigDecimal("4.30"), List.of()),
                    new Dish("Onion Rings", "sides", new BigDecimal("3.90"), List.of("gluten")),
                    new Dish("Milkshake", "drinks", new BigDecimal("4.80"), List.of("milk")))),
            new Kitchen("curry", List.of(
                    new Dish("Chicken Tikka Masala", "curry", new BigDecimal("12.40"), List.of("milk")),
                    new Dish("Chana Masala", "curry", new BigDecimal("10.10"), List.of()),
                    new Dish("Garlic Naan", "bread", new BigDecimal("3.20"), List.of("gluten", "milk")),
                    new Dish("Mango Lassi", "drinks", new BigDecimal("3.90"), List.of("milk")),
                    new Dish("Samosas (3)", "starters", new BigDecimal("5.50"), List.of("gluten")))));

    private Menus() {
    }
}
