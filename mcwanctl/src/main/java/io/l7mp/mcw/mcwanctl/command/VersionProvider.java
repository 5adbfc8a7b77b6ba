package io.l7mp.mcw.mcwanctl.command;

import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the version of the jar (its manifest), or {@code development} when run from classes. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = VersionProvider.class.getPackage().getImplementationVersion();
        return new String[] { "mcwanctl " + (version == null ? "development" : version) };
    }
}
