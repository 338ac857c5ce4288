package org.transitionnet.node.api;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.transitionnet.importing.ImportResult;
import org.transitionnet.importing.InputLimits;
import org.transitionnet.importing.Rejection;
import org.transitionnet.importing.RejectionReason;
import org.transitionnet.record.TransitionRecord;
import org.transitionnet.record.TransitionRecordCodec;

/**
 * A {@code {"records": [...]}} request body read record by record: a record that does not parse is
 * refused as {@code MALFORMED} with its index, the others go on.
 *
 * @param result the records that parsed and the refusals
 * @param locations {@code record N} (1-based) of each parsed record
 */
public record ParsedBatch(ImportResult result, List<String> locations) {

  /**
   * @throws NodeProblemException when the body is not a JSON object with a {@code records} array
   */
  public static ParsedBatch parse(String body, String source) {
    return parse(body, source, InputLimits.NONE.begin());
  }

  /**
   * As {@link #parse(String, String)}, refusing a batch of more than the budget's records (every
   * entry of the array counts, before any is parsed).
   *
   * @throws org.transitionnet.importing.LimitExceededException when the array is too long
   */
  public static ParsedBatch parse(String body, String source, InputLimits.Budget budget) {
    JsonArray array;
    try (JsonReader reader = Json.createReader(new StringReader(body == null ? "" : body))) {
      JsonObject object = reader.readObject();
      JsonValue records = object.get("records");
      if (records == null || records.getValueType() != JsonValue.ValueType.ARRAY) {
        throw badBody("the body has no \"records\" array");
      }
      array = records.asJsonArray();
    } catch (JsonException | IllegalStateException e) {
      throw badBody("the body is not a JSON object: " + e.getMessage());
    }
    budget.records(array.size());
    List<TransitionRecord> parsed = new ArrayList<>();
    List<String> locations = new ArrayList<>();
    List<Rejection> rejections = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      String location = "record " + (i + 1);
      try {
        parsed.add(TransitionRecordCodec.fromJson(array.get(i).toString()));
        locations.add(location);
      } catch (com.google.protobuf.InvalidProtocolBufferException
          | IllegalArgumentException
          | NullPointerException e) {
        rejections.add(
            new Rejection(
                source,
                location,
                "",
                RejectionReason.MALFORMED,
                "not a transition record in canonical JSON form: " + e.getMessage()));
      }
    }
    return new ParsedBatch(new ImportResult(array.size(), parsed, rejections, Map.of()), locations);
  }

  private static NodeProblemException badBody(String detail) {
    return new NodeProblemException(
        jakarta.ws.rs.core.Response.Status.BAD_REQUEST,
        "not a record batch",
        detail + "; send {\"records\": [ ... ]} with records in canonical JSON form");
  }
}
