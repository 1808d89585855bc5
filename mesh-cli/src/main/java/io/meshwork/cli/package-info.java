/** The {@code mesh} command line: one subcommand per concept of the mesh. */
package io.meshwork.cli;
