package org.transitionnet.cli.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Splits a long-layout CSV (one row per subject visit, the subject id in the first column, as in
 * {@code pbcseq.csv}) into one share per site, by subject: subjects in ascending id order go to the
 * sites in turn, so every visit of a subject lands at the same site and the sites are of similar
 * size. Deterministic: the same input always gives the same shares.
 */
public final class SiteSplit {

  /**
   * One site's share.
   *
   * @param site the site id
   * @param file the CSV written for it (with the header)
   * @param subjects subjects in it
   * @param rows data rows in it
   */
  public record Share(String site, Path file, int subjects, int rows) {}

  private SiteSplit() {}

  /**
   * Writes {@code <outDir>/<site>/<file name of csv>} for every site.
   *
   * @throws IllegalArgumentException naming the line if a row has no subject id
   */
  public static List<Share> split(Path csv, List<String> sites, Path outDir) {
    if (sites.isEmpty()) {
      throw new IllegalArgumentException("no sites to split across");
    }
    try {
      List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
      if (lines.isEmpty()) {
        throw new IllegalArgumentException(csv + " is empty");
      }
      String header = lines.get(0);
      Map<String, List<String>> bySubject = new TreeMap<>(SiteSplit::compareIds);
      for (int i = 1; i < lines.size(); i++) {
        String line = lines.get(i);
        if (line.isBlank()) {
          continue;
        }
        String id = firstField(line);
        if (id.isEmpty()) {
          throw new IllegalArgumentException(csv + " line " + (i + 1) + ": no subject id");
        }
        bySubject.computeIfAbsent(id, k -> new ArrayList<>()).add(line);
      }
      Map<String, List<List<String>>> perSite = new LinkedHashMap<>();
      sites.forEach(s -> perSite.put(s, new ArrayList<>()));
      int index = 0;
      for (List<String> rows : bySubject.values()) {
        perSite.get(sites.get(index++ % sites.size())).add(rows);
      }
      List<Share> shares = new ArrayList<>();
      for (var entry : perSite.entrySet()) {
        Path file = outDir.resolve(entry.getKey()).resolve(csv.getFileName());
        Files.createDirectories(file.getParent());
        List<String> out = new ArrayList<>();
        out.add(header);
        entry.getValue().forEach(out::addAll);
        Files.write(file, out, StandardCharsets.UTF_8);
        shares.add(new Share(entry.getKey(), file, entry.getValue().size(), out.size() - 1));
      }
      return shares;
    } catch (IOException e) {
      throw new UncheckedIOException("could not split " + csv, e);
    }
  }

  private static String firstField(String line) {
    int comma = line.indexOf(',');
    String field = (comma < 0 ? line : line.substring(0, comma)).trim();
    if (field.length() >= 2 && field.startsWith("\"") && field.endsWith("\"")) {
      field = field.substring(1, field.length() - 1);
    }
    return field;
  }

  private static int compareIds(String a, String b) {
    try {
      return Long.compare(Long.parseLong(a), Long.parseLong(b));
    } catch (NumberFormatException notNumeric) {
      return a.compareTo(b);
    }
  }
}
