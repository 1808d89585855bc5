package io.meshwork.testkit.s3;

import io.meshwork.testkit.host.ParentWatch;

/**
 * The main class of the s3proxy child process: runs s3proxy's own main, and ends the process
 * when the parent that started it is gone.
 */
public final class S3ProxyLauncher {

    private S3ProxyLauncher() {
    }

    public static void main(String[] args) throws Exception {
        ParentWatch.exitWhenStdinCloses();
        Class.forName("org.gaul.s3proxy.Main").getMethod("main", String[].class).invoke(null, (Object) args);
    }
}
