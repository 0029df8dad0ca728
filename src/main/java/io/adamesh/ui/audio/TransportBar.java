package io.adamesh.ui.audio;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/** Play/pause, loop, a scrub slider and the time readout, bound to an {@link AudioTrackViewModel}. */
public final class TransportBar extends HBox {
    private final Button playButton = new Button("Play");
    private final ToggleButton loopButton = new ToggleButton("Loop");
    private final Slider scrub = new Slider();
    private final Label time = new Label();
    private boolean updatingSlider;

    public TransportBar(AudioTrackViewModel model) {
        super(8);
        setAlignment(Pos.CENTER_LEFT);
        setPadding(new Insets(4, 8, 4, 8));
        playButton.setId("transport-play");
        loopButton.setId("transport-loop");
        scrub.setId("transport-scrub");
        time.setId("transport-time");
        playButton.setMinWidth(64);
        playButton.setOnAction(e -> model.togglePlay());
        playButton.textProperty().bind(
                javafx.beans.binding.Bindings.when(model.playingProperty()).then("Pause").otherwise("Play"));
        loopButton.selectedProperty().bindBidirectional(model.loopProperty());
        scrub.setMin(0);
        scrub.setMax(Math.max(0.001, model.durationSeconds()));
        model.positionProperty().addListener((o, a, b) -> {
            if (!scrub.isValueChanging()) {
                updatingSlider = true;
                scrub.setValue(b.doubleValue());
                updatingSlider = false;
            }
        });
        scrub.valueProperty().addListener((o, a, b) -> {
            if (!updatingSlider) {
                model.seek(b.doubleValue());
            }
        });
        time.textProperty().bind(model.timeTextProperty());
        time.setMinWidth(120);
        HBox.setHgrow(scrub, Priority.ALWAYS);
        getChildren().addAll(playButton, loopButton, scrub, time);
    }
}
