package io.adamesh.adapt;

/** Asked between units of work; when it says cancelled, the run throws {@link AdaptationCancelledException}. */
@FunctionalInterface
public interface CancelToken {
    boolean cancelled();

    CancelToken NEVER = () -> false;
}
