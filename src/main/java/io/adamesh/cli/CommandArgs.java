package io.adamesh.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The parsed arguments of one command: flags present, option values, positionals. */
public final class CommandArgs {
    private final Set<String> flags;
    private final Map<String, String> values;
    private final List<String> positionals;

    private CommandArgs(Set<String> flags, Map<String, String> values, List<String> positionals) {
        this.flags = Set.copyOf(flags);
        this.values = Map.copyOf(values);
        this.positionals = List.copyOf(positionals);
    }

    /** Parses {@code raw} against the options {@code command} declares. */
    public static CommandArgs parse(List<String> raw, Command command) throws UsageException {
        Set<String> flags = new LinkedHashSet<>();
        Map<String, String> values = new LinkedHashMap<>();
        List<String> positionals = new ArrayList<>();
        boolean optionsEnded = false;
        for (int i = 0; i < raw.size(); i++) {
            String arg = raw.get(i);
            if (optionsEnded || !arg.startsWith("--")) {
                positionals.add(arg);
                continue;
            }
            if (arg.equals("--")) {
                optionsEnded = true;
                continue;
            }
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            if (command.flags().contains(name)) {
                if (eq >= 0) {
                    throw new UsageException(name + " takes no value");
                }
                flags.add(name);
            } else if (command.valuedOptions().contains(name)) {
                String value;
                if (eq >= 0) {
                    value = arg.substring(eq + 1);
                } else if (i + 1 < raw.size()) {
                    value = raw.get(++i);
                } else {
                    throw new UsageException(name + " needs a value");
                }
                values.put(name, value);
            } else {
                throw new UsageException("unknown option " + name + " for '" + command.name() + "'");
            }
        }
        if (!positionals.isEmpty() && !command.acceptsPositionals()) {
            throw new UsageException("unexpected argument '" + positionals.getFirst() + "' for '"
                    + command.name() + "'");
        }
        return new CommandArgs(flags, values, positionals);
    }

    public boolean has(String flag) {
        return flags.contains(flag);
    }

    public Optional<String> value(String option) {
        return Optional.ofNullable(values.get(option));
    }

    /** A comma-separated option value as a list; empty when the option is absent. */
    public List<String> list(String option) {
        return value(option)
                .map(v -> Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
    }

    public List<String> positionals() {
        return positionals;
    }
}
