package io.meshwork.producers.world;

import java.util.List;

/** Given and family names for the demo's customers; their e-mail addresses are all under example domains. */
final class Names {

    static final List<String> FIRST = List.of("Ada", "Ben", "Chiara", "Deniz", "Elif", "Finn", "Greta", "Hugo",
            "Ines", "Jonas", "Kaja", "Liam", "Maja", "Noah", "Olivia", "Paul", "Rosa", "Sami", "Tilda", "Yusuf");

    static final List<String> LAST = List.of("Andersson", "Becker", "Clarke", "Demir", "Evans", "Fischer",
            "Green", "Hansen", "Jones", "Karlsson", "Lindqvist", "Meyer", "Nilsson", "Okafor", "Patel", "Schulz",
            "Taylor", "Wagner", "Yilmaz", "Zimmermann");

    private Names() {
    }
}
