/**
 * Deliberately broken classes (test sources only) that the architecture rules must reject;
 * see {@code ArchitectureRulesCatchViolationsTest}. Never imported by {@code ArchitectureTest}.
 */
package io.adamesh.archfixture;
