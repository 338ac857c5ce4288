package org.transitionnet.federation.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.transitionnet.federation.FederationLimits;
import org.transitionnet.proto.v1.CoordinatorMessage;
import org.transitionnet.proto.v1.ParameterChunk;
import org.transitionnet.proto.v1.RoundRef;
import org.transitionnet.proto.v1.SiteMessage;

class ParameterChunksTest {

  private static final RoundRef REF =
      RoundRef.newBuilder().setJobId("a-rather-long-job-identifier-0001").setRound(7).build();

  @Test
  void millionParameters_travelInChunksOfAtMostOneMiB_andReassembleExactly() throws Exception {
    double[] values = new Random(1).doubles(1_000_000).toArray();
    int count = ParameterChunks.count(values.length);
    assertThat(count).isEqualTo(8);
    ChunkAssembler assembler = new ChunkAssembler(values.length, count);
    for (int i = 0; i < count; i++) {
      ParameterChunk chunk = ParameterChunks.chunk(REF, values, i);
      int asUpload = SiteMessage.newBuilder().setUpdateChunk(chunk).build().getSerializedSize();
      int asModel =
          CoordinatorMessage.newBuilder().setModelChunk(chunk).build().getSerializedSize();
      assertThat(asUpload).isLessThanOrEqualTo(FederationLimits.MAX_MESSAGE_BYTES);
      assertThat(asModel).isLessThanOrEqualTo(FederationLimits.MAX_MESSAGE_BYTES);
      assembler.add(ParameterChunk.parseFrom(chunk.toByteArray()));
    }
    assertThat(assembler.isComplete()).isTrue();
    assertThat(java.util.Arrays.equals(assembler.values(), values)).isTrue();
  }

  @Test
  void outOfOrderChunk_isRefused() {
    double[] values = new double[FederationLimits.MAX_CHUNK_VALUES * 2 + 5];
    ChunkAssembler assembler = new ChunkAssembler(values.length, 3);
    assertThatThrownBy(() -> assembler.add(ParameterChunks.chunk(REF, values, 1)))
        .isInstanceOf(MalformedChunkException.class)
        .hasMessageContaining("expected chunk 0 of 3");
  }

  @Test
  void chunksThatStopShort_areRefused() throws Exception {
    double[] values = new double[10];
    ChunkAssembler assembler = new ChunkAssembler(11, 1);
    assertThatThrownBy(() -> assembler.add(ParameterChunks.chunk(REF, values, 0)))
        .isInstanceOf(MalformedChunkException.class)
        .hasMessageContaining("ended at 10 of 11");
  }
}
