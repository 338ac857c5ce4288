package org.transitionnet.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless browser (Debian's chromium through chromedriver) against a
 * {@link FixtureCoordinator}: the page loads from the packaged resources, shows the sites, shows a
 * running job's rounds advancing, and its leaderboard table and cross-site heat map match the
 * leaderboard JSON. Skipped when no browser is installed, unless {@code TNET_REQUIRE_BROWSER=1}
 * (set by CI), when it fails instead.
 */
class DashboardBrowserIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static FixtureCoordinator coordinator;
  private static WebDriver browser;

  @BeforeAll
  static void start() throws Exception {
    String chromium = System.getProperty("dashboard.browser", "/usr/bin/chromium");
    String driver = System.getProperty("dashboard.driver", "/usr/bin/chromedriver");
    boolean present = new File(chromium).canExecute() && new File(driver).canExecute();
    if (!"1".equals(System.getenv("TNET_REQUIRE_BROWSER"))) {
      Assumptions.assumeTrue(
          present,
          "no " + chromium + " / " + driver + ": apt-get install chromium chromium-driver");
    }
    coordinator = new FixtureCoordinator(Duration.ofMillis(400));
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium);
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1280,1600");
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(new File(driver)).build();
    browser = new ChromeDriver(service, options);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (coordinator != null) {
      coordinator.close();
    }
  }

  private static WebDriverWait waitUpTo(int seconds) {
    return new WebDriverWait(browser, Duration.ofSeconds(seconds));
  }

  private static void open() {
    browser.get(coordinator.dashboardUri("?poll=200").toString());
    waitUpTo(20).until(d -> d.findElements(By.cssSelector("#leaderboard tbody tr")).size() > 0);
  }

  @Test
  void page_loadsFromThePackagedResourcesAndShowsTheSites() {
    open();

    assertThat(browser.getTitle()).isEqualTo("TransitionNet coordinator dashboard");
    // one script call per read: the page redraws its tables while it polls
    List<List<String>> sites = snapshot("#sites tbody", "tr", "e.dataset.site");
    assertThat(sites).hasSize(1);
    assertThat(sites.get(0)).containsExactly("site-a", "site-b", "site-c");
    List<List<String>> rowText = snapshot("#sites tbody tr", "td", "e.textContent");
    assertThat(String.join(" ", rowText.get(2))).contains("revoked");
    assertThat(browser.findElement(By.id("status")).getAttribute("class")).isNotEqualTo("error");
    // nothing loaded from anywhere but the coordinator
    @SuppressWarnings("unchecked")
    List<String> resources =
        (List<String>)
            ((JavascriptExecutor) browser)
                .executeScript(
                    "return performance.getEntriesByType('resource').map(e => e.name)"
                        + ".concat([location.href]);");
    String origin = coordinator.dashboardUri("").toString().replace("/dashboard/", "/");
    assertThat(resources).isNotEmpty().allMatch(u -> u.startsWith(origin));
    assertThat(coordinator.requests()).contains("GET /dashboard/dashboard.js");
  }

  @Test
  void runningJob_roundsAdvanceInTheTextAndTheLossChart() {
    coordinator.restartRunningJob();
    open();
    waitUpTo(10)
        .until(
            d -> d.findElement(By.id("job-id")).getText().equals(FixtureCoordinator.RUNNING_JOB));
    int first = round();
    assertThat(browser.findElement(By.id("job-status")).getText()).isEqualTo("RUNNING");

    waitUpTo(15).until(d -> round() >= first + 3);

    int later = round();
    assertThat(later)
        .isGreaterThanOrEqualTo(first + 3)
        .isLessThanOrEqualTo(coordinator.completedRounds());
    waitUpTo(5).until(d -> chartPoints() >= later);
    assertThat(chartPoints()).isGreaterThanOrEqualTo(later);
    List<List<String>> rounds =
        snapshot(
            "#jobs tr[data-job='" + FixtureCoordinator.RUNNING_JOB + "']",
            "td[data-field='rounds']",
            "e.textContent");
    assertThat(rounds).hasSize(1);
    assertThat(rounds.get(0)).hasSize(1);
    assertThat(rounds.get(0).get(0)).matches("\\d+ / " + FixtureCoordinator.RUNNING_ROUNDS);
  }

  @Test
  void leaderboardTable_matchesTheLeaderboardJsonForEveryMethodAndColumn() throws Exception {
    open();
    JsonNode lb = JSON.readTree(coordinator.leaderboardJson());

    assertTableMatches(lb, "skill");
    new Select(browser.findElement(By.id("metric"))).selectByValue("crps");
    waitUpTo(5)
        .until(
            d ->
                "crps"
                    .equals(
                        ((JavascriptExecutor) d)
                            .executeScript("return window.tnetDashboard.state.metric;")));
    assertTableMatches(lb, "crps");

    // the notes under the table: the site that released noised sums, each evaluation failure
    String release =
        browser.findElement(By.cssSelector("#leaderboard-notes [data-release='site-b']")).getText();
    assertThat(release)
        .contains("site-b released differentially private sums")
        .contains(
            "epsilon "
                + lb.at("/settings/evaluation_release/site-b/epsilon_per_release")
                    .asText()
                    .replaceAll("\\.0$", ""));
    assertThat(browser.findElements(By.cssSelector("#leaderboard-notes [data-release]")))
        .hasSize(1);
    assertThat(
            browser
                .findElement(
                    By.cssSelector("#leaderboard-notes [data-failure='local:site-c site-a']"))
                .getText())
        .isEqualTo(
            "local:site-c at site-a: "
                + lb.at("/settings/evaluation_failures/local:site-c/site-a").asText());
  }

  @Test
  void crossSiteHeatMap_showsTheLocalModelsAtEverySiteWithColours() throws Exception {
    open();
    JsonNode cs = JSON.readTree(coordinator.leaderboardJson()).get("cross_site");

    List<List<String>> cells = snapshot("#cross-site tbody tr", "td", "e.textContent");
    List<List<String>> colours = snapshot("#cross-site tbody tr", "td", "e.style.background");

    assertThat(cells).hasSize(cs.get("trained_at").size());
    for (int i = 0; i < cells.size(); i++) {
      assertThat(cells.get(i)).hasSize(cs.get("evaluated_at").size());
      for (int j = 0; j < cells.get(i).size(); j++) {
        JsonNode v = cs.get("macro").get("skill").get(i).get(j);
        assertThat(cells.get(i).get(j)).isEqualTo(format(v));
        if (v.isNull()) {
          assertThat(colours.get(i).get(j)).as("a cell without a value is not coloured").isEmpty();
        }
        if (!v.isNull()) {
          assertThat(colours.get(i).get(j)).startsWith("rgb(");
        }
      }
    }
  }

  private static void assertTableMatches(JsonNode lb, String metric) {
    List<String> columns = new ArrayList<>();
    lb.get("sites").forEach(s -> columns.add(s.asText()));
    columns.add("pooled");
    columns.add("worst_site");
    List<List<String>> names = snapshot("#leaderboard tbody tr", "td:first-child", "e.textContent");
    List<List<String>> cells =
        snapshot(
            "#leaderboard tbody tr", "td[data-column]", "e.dataset.column + '=' + e.textContent");
    assertThat(names).hasSize(lb.get("methods").size());
    for (int i = 0; i < names.size(); i++) {
      JsonNode m = lb.get("methods").get(i);
      assertThat(names.get(i)).containsExactly(m.get("name").asText());
      List<String> expected = new ArrayList<>();
      for (String c : columns) {
        expected.add(c + "=" + format(m.get("results").get(c).get("macro").get(metric)));
      }
      assertThat(cells.get(i))
          .as("%s (%s)", m.get("name").asText(), metric)
          .containsExactlyElementsOf(expected);
    }
  }

  /** Reads a table in one script call (the page redraws while it polls). */
  @SuppressWarnings("unchecked")
  private static List<List<String>> snapshot(String rows, String cells, String expression) {
    return (List<List<String>>)
        ((JavascriptExecutor) browser)
            .executeScript(
                "return [...document.querySelectorAll(arguments[0])].map(r =>"
                    + " [...r.querySelectorAll(arguments[1])].map(e => "
                    + expression
                    + "));",
                rows,
                cells);
  }

  /** The dashboard's format: three decimals of the exact double, an en dash for null. */
  private static String format(JsonNode v) {
    if (v == null || v.isNull()) {
      return "\u2013";
    }
    return new BigDecimal(v.asDouble()).setScale(3, RoundingMode.HALF_UP).toPlainString();
  }

  private static int round() {
    Object text =
        ((JavascriptExecutor) browser)
            .executeScript("return document.getElementById('job-round').textContent;");
    return Integer.parseInt(String.valueOf(text).trim());
  }

  private static int chartPoints() {
    Object n =
        ((JavascriptExecutor) browser)
            .executeScript("return window.tnetDashboard.charts.loss.data.labels.length;");
    return ((Number) n).intValue();
  }
}
