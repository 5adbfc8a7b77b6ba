package io.l7mp.mcw.telemetry.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LossWindowTest {

    @Test
    void nothingDecidedIsNoLoss() {
        // Given
        LossWindow window = new LossWindow(4);

        // When
        double loss = window.lossPercent();

        // Then
        assertThat(loss).isZero();
        assertThat(window.decided()).isZero();
    }

    @Test
    void lossIsLostOverDecidedWhileTheWindowFills() {
        // Given
        LossWindow window = new LossWindow(4);

        // When
        window.answered();
        window.lost();
        window.lost();

        // Then
        assertThat(window.decided()).isEqualTo(3);
        assertThat(window.lostCount()).isEqualTo(2);
        assertThat(window.lossPercent()).isCloseTo(66.666, within(0.001));
    }

    @Test
    void theOldestDecisionsLeaveAFullWindow() {
        // Given: answered, lost, lost, answered
        LossWindow window = new LossWindow(4);
        window.answered();
        window.lost();
        window.lost();
        window.answered();
        double full = window.lossPercent();

        // When
        window.answered();
        double afterOne = window.lossPercent();
        window.answered();
        window.answered();

        // Then
        assertThat(full).isEqualTo(50.0);
        assertThat(afterOne).isEqualTo(50.0);
        assertThat(window.lossPercent()).isZero();
        assertThat(window.decided()).isEqualTo(4);
    }

    @Test
    void aWindowOfOneIsTheLastDecision() {
        // Given
        LossWindow window = new LossWindow(1);

        // When
        window.lost();
        double afterLoss = window.lossPercent();
        window.answered();

        // Then
        assertThat(afterLoss).isEqualTo(100.0);
        assertThat(window.lossPercent()).isZero();
    }

    @Test
    void emptyWindowIsRefused() {
        // Given
        int size = 0;

        // When / Then
        assertThatThrownBy(() -> new LossWindow(size)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("LossWindow window is 0, expected at least 1 probe");
    }
}
