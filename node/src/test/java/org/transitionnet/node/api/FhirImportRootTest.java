package org.transitionnet.node.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FhirImportRootTest {

  @TempDir Path temp;

  private FhirImportRoot root() throws Exception {
    return new FhirImportRoot(Files.createDirectories(temp.resolve("imports")));
  }

  @Test
  void relativeAndAbsolutePathsBelowTheRoot_resolveToTheDirectory() throws Exception {
    FhirImportRoot root = root();
    Path site = Files.createDirectories(root.root().resolve("site-a"));

    assertThat(root.resolve("site-a")).isEqualTo(site.toRealPath());
    assertThat(root.resolve(site.toString())).isEqualTo(site.toRealPath());
    assertThat(root.resolve("./site-a/../site-a")).isEqualTo(site.toRealPath());
  }

  @Test
  void traversalAndOtherAbsolutePaths_areRefusedAsOutsideTheRoot() throws Exception {
    FhirImportRoot root = root();
    Files.createDirectories(temp.resolve("elsewhere"));

    for (String path : new String[] {"..", "../elsewhere", "site-a/../../elsewhere", "/etc"}) {
      assertThatThrownBy(() -> root.resolve(path))
          .as(path)
          .isInstanceOf(NodeProblemException.class)
          .hasMessageContaining("is not below the import root");
    }
  }

  @Test
  void symbolicLinkLeadingOutOfTheRoot_isRefused() throws Exception {
    FhirImportRoot root = root();
    Path outside = Files.createDirectories(temp.resolve("elsewhere"));
    Files.createSymbolicLink(root.root().resolve("link"), outside);

    assertThatThrownBy(() -> root.resolve("link"))
        .isInstanceOf(NodeProblemException.class)
        .hasMessageContaining("is not below the import root");
  }

  @Test
  void missingDirectoryOrEmptyPath_isRefusedWithWhatToSend() throws Exception {
    FhirImportRoot root = root();

    assertThatThrownBy(() -> root.resolve("no-such-export"))
        .isInstanceOf(NodeProblemException.class)
        .hasMessageContaining("is not a directory below the import root");
    assertThatThrownBy(() -> root.resolve(" "))
        .isInstanceOf(NodeProblemException.class)
        .hasMessageContaining("{\"path\"");
  }
}
