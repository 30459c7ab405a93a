package io.bqsftp.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MessageOutcomeTest {

  @Test
  void landedAndHopelessMessagesAreAckedTheRestRedelivered() {
    assertThat(MessageOutcome.forStatus(200)).isEqualTo(MessageOutcome.ACK);
    assertThat(MessageOutcome.forStatus(400)).as("bad body or date").isEqualTo(MessageOutcome.ACK);
    assertThat(MessageOutcome.forStatus(404)).as("unknown export").isEqualTo(MessageOutcome.ACK);
    assertThat(MessageOutcome.forStatus(409)).as("held by another run").isEqualTo(MessageOutcome.NACK);
    assertThat(MessageOutcome.forStatus(500)).isEqualTo(MessageOutcome.NACK);
    assertThat(MessageOutcome.forStatus(502)).isEqualTo(MessageOutcome.NACK);
    assertThat(MessageOutcome.forStatus(503)).as("shutting down").isEqualTo(MessageOutcome.NACK);
  }
}
