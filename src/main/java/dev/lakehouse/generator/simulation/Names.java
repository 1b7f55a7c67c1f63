package dev.lakehouse.generator.simulation;

import java.util.SplittableRandom;

/** Word lists for made-up people, devices and campaigns. All addresses are example.com, all IPs documentation ranges. */
final class Names {

    static final String[] FIRST = {
        "Ada", "Ben", "Clara", "David", "Elif", "Finn", "Greta", "Hugo", "Ines", "Jonas", "Katja", "Luca", "Mila",
        "Noah", "Olga", "Paul", "Rosa", "Sami", "Tara", "Yusuf"
    };
    static final String[] LAST = {
        "Berg",
        "Costa",
        "Dubois",
        "Eriksson",
        "Fischer",
        "Garcia",
        "Hansen",
        "Jansen",
        "Kowalski",
        "Lambert",
        "Moreau",
        "Novak",
        "Rossi",
        "Schmidt",
        "Silva",
        "van Dijk",
        "Weber",
        "Zimmermann"
    };
    /** Indexed by Device ordinal: DESKTOP, MOBILE, TABLET, APP. */
    static final String[] USER_AGENTS = {
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36",
        "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/604.1",
        "ShopApp/4.12.0 (iOS 17.5; iPhone15,3)"
    };

    static final String[] CAMPAIGNS = {
        "black-friday", "winter-sale", "new-arrivals", "loyalty-bonus", "free-shipping-week"
    };
    private static final String[] COUNTRIES = {"DE", "FR", "NL", "GB", "ES", "IT", "PL", "SE"};
    private static final double[] COUNTRY_SHARE = {0.30, 0.15, 0.10, 0.12, 0.10, 0.10, 0.08, 0.05};

    private Names() {}

    static String country(SplittableRandom random) {
        double r = random.nextDouble();
        for (int i = 0; i < COUNTRIES.length; i++) {
            r -= COUNTRY_SHARE[i];
            if (r < 0) {
                return COUNTRIES[i];
            }
        }
        return COUNTRIES[0];
    }
}
