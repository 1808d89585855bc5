/** The local machine as the embedded infrastructure sees it: free ports, folders, and child processes. */
package io.meshwork.testkit.host;
