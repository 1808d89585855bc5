package io.meshwork.producers.world;

import java.util.List;

/** The data products the demo domains publish, by topic; each has a contract in {@code schema-registry-config/}. */
public final class Topics {

    public static final String CUSTOMER_REGISTERED = "customers.customer-registered.v1";
    public static final String CUSTOMER_PROFILE_UPDATED = "customers.customer-profile-updated.v1";
    public static final String AVAILABILITY_CHANGED = "restaurants.availability-changed.v1";
    public static final String MENU_ITEM_UPDATED = "restaurants.menu-item-updated.v1";
    public static final String ORDER_PLACED = "orders.order-placed.v2";
    public static final String ORDER_STATUS_CHANGED = "orders.order-status-changed.v1";
    public static final String RIDER_LOCATION = "logistics.rider-location.v1";
    public static final String DELIVERY_ESTIMATE_UPDATED = "logistics.delivery-estimate-updated.v1";
    public static final String SCREEN_VIEWED = "app-analytics.screen-viewed.v1";
    public static final String BUTTON_CLICKED = "app-analytics.button-clicked.v1";

    /** Every topic the demo writes to. */
    public static final List<String> ALL = List.of(CUSTOMER_REGISTERED, CUSTOMER_PROFILE_UPDATED, AVAILABILITY_CHANGED,
            MENU_ITEM_UPDATED, ORDER_PLACED, ORDER_STATUS_CHANGED, RIDER_LOCATION, DELIVERY_ESTIMATE_UPDATED,
            SCREEN_VIEWED, BUTTON_CLICKED);

    private Topics() {
    }
}
