package io.meshwork.cli;

import picocli.CommandLine.IVersionProvider;

/** The version of the Meshwork build this command came from. */
public final class MeshVersion implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = Mesh.class.getPackage().getImplementationVersion();
        return new String[] {"mesh " + (version == null ? "(development build)" : version)};
    }
}
