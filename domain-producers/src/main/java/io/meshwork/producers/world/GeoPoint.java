package io.meshwork.producers.world;

import java.util.Random;

/** A position on Earth in degrees; distances are short enough for a flat approximation around the point. */
record GeoPoint(double lat, double lon) {

    private static final double KM_PER_DEGREE = 111.32;

    double distanceKm(GeoPoint other) {
        double dy = (other.lat - lat) * KM_PER_DEGREE;
        double dx = (other.lon - lon) * KM_PER_DEGREE * Math.cos(Math.toRadians(lat));
        return Math.sqrt(dx * dx + dy * dy);
    }

    /** The point {@code km} further along the straight line to {@code target}, or the target if it is closer. */
    GeoPoint toward(GeoPoint target, double km) {
        double distance = distanceKm(target);
        if (distance <= km) {
            return target;
        }
        double share = km / distance;
        return new GeoPoint(lat + (target.lat - lat) * share, lon + (target.lon - lon) * share);
    }

    /** The compass heading to {@code target}, 0 (north) to 359. */
    int headingTo(GeoPoint target) {
        double dy = target.lat - lat;
        double dx = (target.lon - lon) * Math.cos(Math.toRadians(lat));
        return (int) ((Math.toDegrees(Math.atan2(dx, dy)) + 360.0) % 360.0);
    }

    /** A point up to {@code km} away in a random direction. */
    GeoPoint near(Random random, double km) {
        double angle = random.nextDouble() * 2 * Math.PI;
        double distance = random.nextDouble() * km;
        return new GeoPoint(lat + Math.cos(angle) * distance / KM_PER_DEGREE,
                lon + Math.sin(angle) * distance / (KM_PER_DEGREE * Math.cos(Math.toRadians(lat))));
    }
}
