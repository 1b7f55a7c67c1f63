package dev.lakehouse.generator.ledger;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * Shoppers' latent tastes as the simulation drew them, for grading recommenders.
 *
 * @param favouriteCategories customer id -> its two favourite categories, first the stronger (70 / 30 %)
 * @param complements         product id -> the product often bought with it (the latest pick, if its first
 *                            was discontinued)
 */
public record TasteTruth(
        @JsonProperty("strength") double strength,
        @JsonProperty("complement_rate") double complementRate,
        @JsonProperty("favourite_categories") Map<String, List<String>> favouriteCategories,
        @JsonProperty("complements") Map<String, String> complements) {}
