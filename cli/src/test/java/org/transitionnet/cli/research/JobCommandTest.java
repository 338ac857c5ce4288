package org.transitionnet.cli.research;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transitionnet.cli.Tnet;
import picocli.CommandLine;

class JobCommandTest {

  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

  private Run tnet(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Tnet.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private String[] with(FakeCoordinatorApi api, String... args) throws Exception {
    Path pw = dir.resolve("password");
    Files.writeString(pw, "secret\n");
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of("--coordinator", api.url(), "--user", "ada", "--password-file", pw.toString()));
    return all.toArray(String[]::new);
  }

  @Test
  void submitWithWatch_postsTheFileThenDrawsProgressUntilCompleted() throws Exception {
    Path job = dir.resolve("job.json");
    Files.writeString(job, "{\"jobId\": \"j1\", \"task\": \"pbc-labs-v1\", \"rounds\": 3}");
    try (FakeCoordinatorApi api = new FakeCoordinatorApi(null, false)) {
      Run run = tnet(with(api, "job", "submit", job.toString(), "--watch", "--interval", "0.01"));

      assertThat(run.exit()).as(run.err()).isZero();
      assertThat(api.bodies()).containsExactly(Files.readString(job));
      assertThat(run.out()).contains("submitted j1").contains("j1 COMPLETED after 3 of 3 rounds");
      assertThat(run.err())
          .contains("[........................] round 0/3")
          .contains("[################........] round 2/3  sites 2/3  loss 0.5000  eps -  RUNNING")
          .contains("[########################] round 3/3");
    }
  }

  @Test
  void submitWithDpOptions_setsTheFieldsAndWatchShowsEpsilonSpentAndRefusals() throws Exception {
    Path job = dir.resolve("job.json");
    Files.writeString(job, "{\"jobId\": \"j1\", \"task\": \"pbc-labs-v1\", \"rounds\": 3}");
    try (FakeCoordinatorApi api = new FakeCoordinatorApi(null, false)) {
      Run run =
          tnet(
              with(
                  api,
                  "job",
                  "submit",
                  job.toString(),
                  "--dp-level",
                  "record",
                  "--dp-epsilon",
                  "3",
                  "--dp-clip-norm",
                  "0.5",
                  "--watch",
                  "--interval",
                  "0.01"));

      assertThat(run.exit()).as(run.err()).isZero();
      assertThat(api.bodies())
          .singleElement()
          .asString()
          .contains("\"jobId\":\"j1\"")
          .contains("\"dpLevel\":\"record\"")
          .contains("\"dpEpsilon\":3.0")
          .contains("\"dpClipNorm\":0.5")
          .doesNotContain("dpDelta");
      assertThat(run.err())
          .contains("round 2/3  sites 2/3  loss 0.5000  eps 2.00/3.00 record  not reported: c");
      assertThat(run.out())
          .contains("site c did not report from round 1: site privacy budget: spent")
          .contains("j1 COMPLETED after 3 of 3 rounds");
    }
  }

  @Test
  void watch_exitsOneWithTheReasonWhenTheJobFails() throws Exception {
    try (FakeCoordinatorApi api = new FakeCoordinatorApi(null, true)) {
      Run run = tnet(with(api, "job", "watch", "j1", "--interval", "0.01"));

      assertThat(run.exit()).isEqualTo(1);
      assertThat(run.out()).contains("j1 FAILED after 2 of 3 rounds: quorum lost in round 3");
    }
  }

  @Test
  void watchOfAnUnknownJob_endsAtOnceWithTheCoordinatorsReason() throws Exception {
    try (FakeCoordinatorApi api = new FakeCoordinatorApi(null, false)) {
      Run run = tnet(with(api, "job", "watch", "nope", "--interval", "0.01"));

      assertThat(run.exit()).isEqualTo(JobCommand.REFUSED);
      assertThat(run.err()).contains("coordinator answered 404").doesNotContain("failed poll");
    }
  }

  @Test
  void watchWithTheCoordinatorDown_retriesThenGivesUpAfterMaxFailures() throws Exception {
    Path pw = dir.resolve("password");
    Files.writeString(pw, "secret\n");
    // nothing listens on port 1: every poll fails to connect
    Run run =
        tnet(
            "job",
            "watch",
            "j1",
            "--interval",
            "0.01",
            "--max-failures",
            "2",
            "--coordinator",
            "http://127.0.0.1:1",
            "--user",
            "ada",
            "--password-file",
            pw.toString());

    assertThat(run.exit()).isEqualTo(JobCommand.REFUSED);
    assertThat(run.err())
        .contains("watching j1: failed poll 1 of at most 2 in a row")
        .contains("gave up watching j1 after 2 consecutive failed polls (--max-failures 2)");
  }

  @Test
  void refusedSubmission_showsTheCoordinatorsFieldAndReason() throws Exception {
    Path job = dir.resolve("bad.json");
    Files.writeString(job, "{\"jobId\": \"j2\", \"strategy\": \"fedsgd\"}");
    try (FakeCoordinatorApi api = new FakeCoordinatorApi(null, false)) {
      Run run = tnet(with(api, "job", "submit", job.toString()));

      assertThat(run.exit()).isEqualTo(JobCommand.REFUSED);
      assertThat(run.err())
          .contains("coordinator answered 400 (strategy): unknown strategy fedsgd");
    }
  }

  @Test
  void wrongPassword_saysHowToAuthenticate() throws Exception {
    try (FakeCoordinatorApi api = new FakeCoordinatorApi(null, false)) {
      Run run = tnet("job", "list", "--coordinator", api.url(), "--user", "ada");

      assertThat(run.exit()).isEqualTo(JobCommand.REFUSED);
      assertThat(run.err()).contains("401").contains("--password-file");
    }
  }

  @Test
  void leaderboardAndModel_areWrittenToFilesAndTheModelReadsBack() throws Exception {
    Path lb = dir.resolve("leaderboard.json");
    Path model = dir.resolve("j1-v3.f64");
    try (FakeCoordinatorApi api = new FakeCoordinatorApi(null, false)) {
      assertThat(tnet(with(api, "job", "leaderboard", "j1", "--out", lb.toString())).exit())
          .isZero();
      Run m = tnet(with(api, "job", "model", "j1", "3", "--out", model.toString()));
      Run list = tnet(with(api, "job", "list"));

      assertThat(Files.readString(lb)).contains("\"task\":\"pbc-labs-v1\"");
      assertThat(m.out()).contains("3 parameters of j1 version 3");
      assertThat(JobCommand.readParameters(model)).containsExactly(FakeCoordinatorApi.MODEL);
      assertThat(list.out()).contains("j1").contains("COMPLETED").contains("3/3");
    }
  }

  @Test
  void submitWithProtocolFull_setsTheFieldAndWatchPointsToTheLeaderboard() throws Exception {
    Path job = dir.resolve("job.json");
    Files.writeString(job, "{\"jobId\": \"j1\", \"task\": \"pbc-labs-v1\", \"rounds\": 3}");
    try (FakeCoordinatorApi api = new FakeCoordinatorApi(null, false)) {
      Run run =
          tnet(
              with(
                  api,
                  "job",
                  "submit",
                  job.toString(),
                  "--protocol",
                  "full",
                  "--watch",
                  "--interval",
                  "0.01"));

      assertThat(run.exit()).as(run.err()).isZero();
      assertThat(api.bodies())
          .singleElement()
          .asString()
          .contains("\"jobId\":\"j1\"")
          .contains("\"protocol\":\"full\"");
      assertThat(run.out()).contains("fetch it with: tnet job leaderboard j1");
    }
  }

  @Test
  void leaderboardOfATask_isFetchedWithTask_andJobOrTaskIsRequired() throws Exception {
    try (FakeCoordinatorApi api = new FakeCoordinatorApi(null, false)) {
      Run task = tnet(with(api, "job", "leaderboard", "--task", "pbc-labs-v1"));
      Run neither = tnet(with(api, "job", "leaderboard"));

      assertThat(task.exit()).as(task.err()).isZero();
      assertThat(task.out()).contains("\"job\":\"j1\"");
      assertThat(neither.exit()).isEqualTo(JobCommand.REFUSED);
      assertThat(neither.err()).contains("name a JOB or a --task");
    }
  }

  @Test
  void protocolColumn_namesTheProtocolOrTheParentOfASubJob() throws Exception {
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    assertThat(JobCommand.ListJobs.protocol(json.readTree("{\"protocol\":\"full\"}")))
        .isEqualTo("full");
    assertThat(
            JobCommand.ListJobs.protocol(
                json.readTree(
                    "{\"protocol\":\"federated\",\"parentJob\":\"j1\","
                        + "\"method\":\"loso:site-b\"}")))
        .isEqualTo("loso:site-b of j1");
    assertThat(JobCommand.ListJobs.protocol(json.readTree("{}"))).isEqualTo("federated");
  }

  @Test
  void list_showsEachJobsPrivacy_levelAndEpsilonSpentOfItsTarget() throws Exception {
    try (FakeCoordinatorApi plain = new FakeCoordinatorApi(null, false);
        FakeCoordinatorApi dp = new FakeCoordinatorApi(null, false).withDp()) {
      Run withoutDp = tnet(with(plain, "job", "list"));
      Run withDp = tnet(with(dp, "job", "list"));

      assertThat(withoutDp.out()).contains("privacy").contains("3/3").contains("no DP");
      assertThat(withDp.out()).contains("record eps 3.00/3.00").doesNotContain("no DP");
    }
  }

  @Test
  void tls_isTrustedOnlyThroughTheGivenCaCertificate() throws Exception {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
    gen.initialize(256);
    KeyPair key = gen.generateKeyPair();
    X500Name name = new X500Name("CN=test coordinator CA");
    long now = System.currentTimeMillis();
    X509Certificate cert =
        new JcaX509CertificateConverter()
            .getCertificate(
                new JcaX509v3CertificateBuilder(
                        name,
                        BigInteger.valueOf(now),
                        new Date(now - 60_000),
                        new Date(now + 3_600_000),
                        name,
                        key.getPublic())
                    .addExtension(
                        Extension.subjectAlternativeName,
                        false,
                        new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")))
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("server", key.getPrivate(), new char[0], new X509Certificate[] {cert});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, new char[0]);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(kmf.getKeyManagers(), null, null);
    Path pem = dir.resolve("ca.pem");
    Files.writeString(
        pem,
        "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(cert.getEncoded())
            + "\n-----END CERTIFICATE-----\n");
    try (FakeCoordinatorApi api = new FakeCoordinatorApi(tls, false)) {
      Run untrusted = tnet(with(api, "job", "list"));
      Run trusted = tnet(with(api, "job", "list", "--ca-cert", pem.toString()));

      assertThat(untrusted.exit()).isEqualTo(JobCommand.REFUSED);
      assertThat(untrusted.err()).contains("coordinator unreachable");
      assertThat(trusted.exit()).as(trusted.err()).isZero();
      assertThat(trusted.out()).contains("j1");
    }
  }
}
