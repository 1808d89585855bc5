package io.meshwork.producers.world;

import io.meshwork.demo.customers.v1.Address;
import io.meshwork.demo.customers.v1.CustomerProfileUpdated;
import io.meshwork.demo.customers.v1.CustomerRegistered;
import io.meshwork.demo.customers.v1.Segment;
import io.meshwork.demo.logistics.v1.DeliveryEstimateUpdated;
import io.meshwork.demo.logistics.v1.RiderLocation;
import io.meshwork.demo.orders.v1.OrderStatus;
import io.meshwork.demo.orders.v1.OrderStatusChanged;
import io.meshwork.demo.orders.v2.DeliveryAddress;
import io.meshwork.demo.orders.v2.OrderItem;
import io.meshwork.demo.orders.v2.OrderPlaced;
import io.meshwork.demo.orders.v2.Price;
import io.meshwork.demo.restaurants.v1.AvailabilityChanged;
import io.meshwork.demo.restaurants.v1.AvailabilityReason;
import io.meshwork.demo.restaurants.v1.MenuItemUpdated;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;

/**
 * A small food-delivery platform in three cities. Customers register and edit their profiles,
 * restaurants open, close and reprice their menus, customers order from open restaurants, orders
 * move through their lifecycle as riders ride to the restaurant and on to the customer, and app
 * users browse in sessions. Every event it emits is consistent with the ones before it: an order
 * names a customer who registered earlier and a restaurant that was open, a status follows the
 * previous one, a rider moves in steps along a straight line.
 *
 * <p>Not thread-safe: one caller asks for events one at a time. The same seed and times give the
 * same events.
 */
public final class DemoWorld {

    /** The longest step between two pings, so that a rider pinged rarely still moves in steps. */
    static final double MAX_STEP_KM = 0.5;
    static final double RIDER_SPEED_KMH = 22.0;
    private static final Duration PREPARATION = Duration.ofMinutes(12);
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final Duration NO_RIDER_TIMEOUT = Duration.ofMinutes(15);
    private static final int MAX_CUSTOMERS = 100_000;
    private static final int MAX_RIDERS_PER_CITY = 200;

    private final Random random;
    private final Deque<DemoEvent> pending = new ArrayDeque<>();
    private final List<Restaurant> restaurants = new ArrayList<>();
    private final List<Customer> customers = new ArrayList<>();
    private final List<Rider> riders = new ArrayList<>();
    private final List<Order> waiting = new ArrayList<>();
    private final Clickstream clickstream;
    private boolean opened;
    private int customerCount;

    public DemoWorld(long seed) {
        this.random = new Random(seed);
        this.clickstream = new Clickstream(random);
    }

    /** The next event, happening at {@code now}; the first calls open the restaurants and register the first customers. */
    public DemoEvent next(Instant now) {
        if (!opened) {
            open(now);
            opened = true;
        }
        while (pending.isEmpty()) {
            step(now);
        }
        return pending.poll();
    }

    private void step(Instant now) {
        int roll = random.nextInt(100);
        if (roll < 34) {
            clickstream.step(now, customers.stream().map(c -> c.id).toList()).ifPresent(pending::add);
        } else if (roll < 64) {
            moveRider(riders.get(random.nextInt(riders.size())), now);
        } else if (roll < 74) {
            advanceOrder(now);
        } else if (roll < 83) {
            placeOrder(now);
        } else if (roll < 88 && customers.size() < MAX_CUSTOMERS) {
            registerCustomer(City.ALL.get(random.nextInt(City.ALL.size())), now);
        } else if (roll < 92) {
            updateProfile(now);
        } else if (roll < 96) {
            changeAvailability(restaurants.get(random.nextInt(restaurants.size())), now);
        } else {
            repriceMenuItem(restaurants.get(random.nextInt(restaurants.size())), now);
        }
    }

    private void open(Instant now) {
        for (City city : City.ALL) {
            for (Menus.Kitchen kitchen : Menus.KITCHENS) {
                Restaurant restaurant = new Restaurant("rst-" + city.country().toLowerCase() + "-" + kitchen.style()
                        + "-" + (restaurants.size() + 1), city, city.center().near(random, 3.0));
                for (Menus.Dish dish : kitchen.dishes()) {
                    MenuEntry entry = new MenuEntry(restaurant.id + "-" + (restaurant.menu.size() + 1), dish,
                            dish.basePrice().multiply(city.priceScale()).setScale(2, RoundingMode.HALF_UP));
                    restaurant.menu.add(entry);
                    emitMenuItem(restaurant, entry, now);
                }
                restaurants.add(restaurant);
                setAvailability(restaurant, true, AvailabilityReason.OPENING_HOURS, null, now);
            }
            for (int i = 0; i < 3; i++) {
                startShift(city, now);
            }
            for (int i = 0; i < 4; i++) {
                registerCustomer(city, now);
            }
        }
    }

    private void registerCustomer(City city, Instant now) {
        customerCount++;
        String first = Names.FIRST.get(random.nextInt(Names.FIRST.size()));
        String last = Names.LAST.get(random.nextInt(Names.LAST.size()));
        Customer customer = new Customer(String.format("cus-%06d", customerCount), city);
        customer.email = (first + "." + last + customerCount + "@example.com").toLowerCase();
        customer.phone = random.nextInt(10) < 8 ? city.phone(random) : null;
        customer.street = city.street(random);
        customer.postalCode = city.postalCode(random);
        customer.home = city.center().near(random, 4.0);
        customer.segment = random.nextInt(10) == 0 ? Segment.BUSINESS : Segment.NEW;
        customers.add(customer);
        emit("customers", Topics.CUSTOMER_REGISTERED, customer.id, now, CustomerRegistered.newBuilder()
                .setCustomerId(customer.id).setEmail(customer.email).setPhone(customer.phone)
                .setIpAddress("198.51.100." + (1 + random.nextInt(254)))
                .setAddress(customer.address()).setSegment(customer.segment)
                .setMarketingConsent(random.nextBoolean()).setRegisteredAt(now).build());
    }

    private void updateProfile(Instant now) {
        Customer customer = customers.get(random.nextInt(customers.size()));
        CustomerProfileUpdated.Builder update = CustomerProfileUpdated.newBuilder().setCustomerId(customer.id)
                .setEmail(null).setPhone(null).setAddress(null).setSegment(null).setUpdatedAt(now);
        switch (random.nextInt(4)) {
            case 0 -> {
                customer.email = customer.email.replace("@example.com", "@example.org");
                update.setEmail(customer.email);
            }
            case 1 -> {
                customer.phone = customer.city.phone(random);
                update.setPhone(customer.phone);
            }
            case 2 -> {
                customer.street = customer.city.street(random);
                customer.postalCode = customer.city.postalCode(random);
                customer.home = customer.city.center().near(random, 4.0);
                update.setAddress(customer.address());
            }
            default -> {
                customer.segment = customer.segment == Segment.NEW ? Segment.REGULAR : Segment.PREMIUM;
                update.setSegment(customer.segment);
            }
        }
        emit("customers", Topics.CUSTOMER_PROFILE_UPDATED, customer.id, now, update.build());
    }

    private void changeAvailability(Restaurant restaurant, Instant now) {
        if (!restaurant.available) {
            setAvailability(restaurant, true, AvailabilityReason.OPENING_HOURS, null, now);
            return;
        }
        long openInCity = restaurants.stream().filter(r -> r.city == restaurant.city && r.available).count();
        if (openInCity > 2) {
            boolean busy = random.nextInt(3) > 0;
            setAvailability(restaurant, false, busy ? AvailabilityReason.BUSY : AvailabilityReason.TECHNICAL,
                    busy ? now.plus(Duration.ofMinutes(20)) : null, now);
        }
    }

    private void setAvailability(Restaurant restaurant, boolean available, AvailabilityReason reason, Instant until,
                                 Instant now) {
        restaurant.available = available;
        emit("restaurants", Topics.AVAILABILITY_CHANGED, restaurant.id, now, AvailabilityChanged.newBuilder()
                .setRestaurantId(restaurant.id).setAvailable(available).setReason(reason).setUntil(until)
                .setChangedAt(now).build());
    }

    private void repriceMenuItem(Restaurant restaurant, Instant now) {
        MenuEntry entry = restaurant.menu.get(random.nextInt(restaurant.menu.size()));
        long availableItems = restaurant.menu.stream().filter(m -> m.available).count();
        if (random.nextInt(4) == 0 && (!entry.available || availableItems > 2)) {
            entry.available = !entry.available;
        } else {
            BigDecimal base = entry.dish.basePrice().multiply(restaurant.city.priceScale());
            BigDecimal factor = BigDecimal.valueOf(90 + random.nextInt(21)).divide(HUNDRED);
            entry.price = base.multiply(factor).setScale(1, RoundingMode.HALF_UP).setScale(2, RoundingMode.UNNECESSARY);
        }
        emitMenuItem(restaurant, entry, now);
    }

    private void emitMenuItem(Restaurant restaurant, MenuEntry entry, Instant now) {
        emit("restaurants", Topics.MENU_ITEM_UPDATED, entry.id, now, MenuItemUpdated.newBuilder()
                .setRestaurantId(restaurant.id).setItemId(entry.id).setName(entry.dish.name())
                .setCategory(entry.dish.category()).setPrice(entry.price).setCurrency(restaurant.city.currency())
                .setAvailable(entry.available).setAllergens(entry.dish.allergens()).setUpdatedAt(now).build());
    }

    private void placeOrder(Instant now) {
        Customer customer = customers.get(random.nextInt(customers.size()));
        List<Restaurant> open = restaurants.stream().filter(r -> r.city == customer.city && r.available).toList();
        if (open.isEmpty()) {
            return;
        }
        Restaurant restaurant = open.get(random.nextInt(open.size()));
        List<MenuEntry> choice = new ArrayList<>(restaurant.menu.stream().filter(m -> m.available).toList());
        List<OrderItem> items = new ArrayList<>();
        BigDecimal subtotal = BigDecimal.ZERO.setScale(2);
        for (int i = 1 + random.nextInt(3); i > 0 && !choice.isEmpty(); i--) {
            MenuEntry entry = choice.remove(random.nextInt(choice.size()));
            int quantity = 1 + (random.nextInt(4) == 0 ? 1 : 0);
            items.add(OrderItem.newBuilder().setSku(entry.id).setName(entry.dish.name()).setQuantity(quantity)
                    .setUnitPrice(entry.price).build());
            subtotal = subtotal.add(entry.price.multiply(BigDecimal.valueOf(quantity)));
        }
        City city = customer.city;
        boolean voucher = random.nextInt(8) == 0;
        BigDecimal discount = voucher ? subtotal.multiply(new BigDecimal("0.10")).setScale(2, RoundingMode.HALF_UP)
                : BigDecimal.ZERO.setScale(2);
        BigDecimal total = subtotal.add(city.deliveryFee()).subtract(discount);
        UUID orderId = uuid();
        emit("orders", Topics.ORDER_PLACED, orderId.toString(), now, OrderPlaced.newBuilder()
                .setOrderId(orderId).setCustomerId(customer.id).setRestaurantId(restaurant.id).setItems(items)
                .setPrice(Price.newBuilder().setSubtotal(subtotal).setDeliveryFee(city.deliveryFee())
                        .setDiscount(discount).setTotal(total).setCurrency(city.currency()).build())
                .setDeliveryAddress(DeliveryAddress.newBuilder().setStreet(customer.street)
                        .setPostalCode(customer.postalCode).setCity(city.name()).setLat(customer.home.lat())
                        .setLon(customer.home.lon()).build())
                .setVoucherCode(voucher ? "WELCOME10" : null).setPlacedAt(now).build());
        Order order = new Order(orderId, restaurant, customer.home, now);
        waiting.add(order);
        changeStatus(order, OrderStatus.PLACED, null, now);
    }

    /**
     * A placed order is accepted when a rider in its city is free, now and then cancelled, and
     * cancelled when no rider came in time. A city short of riders calls one more in.
     */
    private void advanceOrder(Instant now) {
        if (waiting.isEmpty()) {
            return;
        }
        Order order = waiting.get(random.nextInt(waiting.size()));
        if (random.nextInt(10) == 0) {
            cancel(order, random.nextBoolean() ? "restaurant-declined" : "customer-cancelled", now);
            return;
        }
        City city = order.restaurant.city;
        Rider free = riders.stream().filter(r -> r.city == city && r.order == null).findFirst().orElse(null);
        if (free == null) {
            if (order.placedAt.plus(NO_RIDER_TIMEOUT).isBefore(now)) {
                cancel(order, "no-rider-available", now);
            } else if (riders.stream().filter(r -> r.city == city).count() < MAX_RIDERS_PER_CITY) {
                startShift(city, now);
            }
            return;
        }
        waiting.remove(order);
        free.order = order;
        order.rider = free;
        changeStatus(order, OrderStatus.ACCEPTED, null, now);
        double km = free.position.distanceKm(order.restaurant.location)
                + order.restaurant.location.distanceKm(order.destination);
        estimate(order, now.plus(PREPARATION).plus(ride(km)), 0.6, now);
    }

    private void cancel(Order order, String reason, Instant now) {
        waiting.remove(order);
        changeStatus(order, OrderStatus.CANCELLED, reason, now);
    }

    private void startShift(City city, Instant now) {
        Rider rider = new Rider("rdr-" + city.country().toLowerCase() + "-" + (riders.size() + 1), city,
                city.center().near(random, 2.0));
        riders.add(rider);
        emitLocation(rider, 0.0f, null, now);
    }

    /**
     * A rider pings its position; one on an order has ridden toward the restaurant, then toward the
     * customer, as far as its speed took it since its last ping.
     */
    private void moveRider(Rider rider, Instant now) {
        Order order = rider.order;
        if (order == null) {
            rider.position = rider.position.near(random, 0.02);
            emitLocation(rider, (float) (random.nextDouble() * 4), null, now);
            return;
        }
        GeoPoint target = order.status == OrderStatus.ACCEPTED ? order.restaurant.location : order.destination;
        double hours = Math.max(0, Duration.between(rider.lastPing, now).toMillis()) / 3_600_000.0;
        rider.heading = rider.position.headingTo(target);
        rider.position = rider.position.toward(target, Math.min(MAX_STEP_KM, RIDER_SPEED_KMH * hours));
        emitLocation(rider, (float) (RIDER_SPEED_KMH - 4 + random.nextDouble() * 8), order.id, now);
        if (!rider.position.equals(target)) {
            return;
        }
        if (order.status == OrderStatus.ACCEPTED) {
            changeStatus(order, OrderStatus.PICKED_UP, null, now);
            estimate(order, now.plus(ride(rider.position.distanceKm(order.destination))), 0.85, now);
        } else {
            changeStatus(order, OrderStatus.DELIVERED, null, now);
                rider.order = null;
        }
    }

    private void emitLocation(Rider rider, float speed, UUID orderId, Instant now) {
        rider.lastPing = now;
        emit("logistics", Topics.RIDER_LOCATION, rider.id, now, RiderLocation.newBuilder().setRiderId(rider.id)
                .setLat(rider.position.lat()).setLon(rider.position.lon()).setSpeedKmh(speed)
                .setHeadingDegrees(rider.heading).setOrderId(orderId).setRecordedAt(now).build());
    }

    private void changeStatus(Order order, OrderStatus status, String reason, Instant now) {
        OrderStatus previous = order.status;
        order.status = status;
        emit("orders", Topics.ORDER_STATUS_CHANGED, order.id.toString(), now, OrderStatusChanged.newBuilder()
                .setOrderId(order.id).setStatus(status).setPreviousStatus(previous).setReason(reason)
                .setChangedAt(now).build());
    }

    private void estimate(Order order, Instant at, double confidence, Instant now) {
        emit("logistics", Topics.DELIVERY_ESTIMATE_UPDATED, order.id.toString(), now, DeliveryEstimateUpdated.newBuilder()
                .setOrderId(order.id).setRiderId(order.rider.id).setEstimatedDeliveryAt(at)
                .setConfidence(confidence).setUpdatedAt(now).build());
    }

    private static Duration ride(double km) {
        return Duration.ofSeconds((long) (km / RIDER_SPEED_KMH * 3600));
    }

    private void emit(String domain, String topic, String key, Instant now, SpecificRecord value) {
        pending.add(new NativeEvent(domain, topic, key, now, uuid().toString(), value));
    }

    private UUID uuid() {
        return Clickstream.uuid(random);
    }

    private static final class Restaurant {
        final String id;
        final City city;
        final GeoPoint location;
        final List<MenuEntry> menu = new ArrayList<>();
        boolean available;

        Restaurant(String id, City city, GeoPoint location) {
            this.id = id;
            this.city = city;
            this.location = location;
        }
    }

    private static final class MenuEntry {
        final String id;
        final Menus.Dish dish;
        BigDecimal price;
        boolean available = true;

        MenuEntry(String id, Menus.Dish dish, BigDecimal price) {
            this.id = id;
            this.dish = dish;
            this.price = price;
        }
    }

    private static final class Customer {
        final String id;
        final City city;
        String email;
        String phone;
        String street;
        String postalCode;
        GeoPoint home;
        Segment segment;

        Customer(String id, City city) {
            this.id = id;
            this.city = city;
        }

        Address address() {
            return Address.newBuilder().setStreet(street).setPostalCode(postalCode).setCity(city.name())
                    .setCountry(city.country()).build();
        }
    }

    private static final class Rider {
        final String id;
        final City city;
        GeoPoint position;
        Instant lastPing;
        int heading;
        Order order;

        Rider(String id, City city, GeoPoint position) {
            this.id = id;
            this.city = city;
            this.position = position;
        }
    }

    private static final class Order {
        final UUID id;
        final Restaurant restaurant;
        final GeoPoint destination;
        final Instant placedAt;
        OrderStatus status;
        Rider rider;

        Order(UUID id, Restaurant restaurant, GeoPoint destination, Instant placedAt) {
            this.id = id;
            this.restaurant = restaurant;
            this.destination = destination;
            this.placedAt = placedAt;
        }
    }
}
