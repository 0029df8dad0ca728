package io.adamesh.timeline.edit;

import java.util.List;

/** Several jobs as one undo step (undone in reverse order). */
public final class CompositeJob extends Job {
    private final String description;
    private final List<Job> jobs;

    public CompositeJob(String description, List<Job> jobs) {
        this.description = description;
        this.jobs = List.copyOf(jobs);
    }

    @Override
    public boolean isExecutable() { return !jobs.isEmpty(); }

    @Override
    public void execute() { jobs.forEach(Job::execute); }

    @Override
    public void undo() {
        for (int i = jobs.size() - 1; i >= 0; i--) jobs.get(i).undo();
    }

    @Override
    public void redo() { jobs.forEach(Job::redo); }

    @Override
    public String description() { return description; }
}
