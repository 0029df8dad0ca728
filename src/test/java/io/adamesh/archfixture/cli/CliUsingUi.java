package io.adamesh.archfixture.cli;

import io.adamesh.archfixture.ui.FixtureView;

/** Breaks "cli may use everything but ui". */
public class CliUsingUi {
    public void run() { FixtureView.show(); }
}
