package org.transitionnet.leaderboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** Reads and writes {@code leaderboard.json} (snake_case keys, nulls kept, pretty-printed). */
public final class LeaderboardJson {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .build();

  private LeaderboardJson() {}

  public static String write(Leaderboard leaderboard) {
    try {
      return MAPPER.writeValueAsString(leaderboard) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a leaderboard always serializes", e);
    }
  }

  /**
   * Parses a leaderboard.
   *
   * @throws JsonProcessingException when the text is not a leaderboard; the message names the field
   */
  public static Leaderboard read(String json) throws JsonProcessingException {
    return MAPPER.readValue(json, Leaderboard.class);
  }
}
