package dev.descent.cli;

import dev.descent.UserException;
import dev.descent.observe.Observability;
import dev.descent.topology.DescentApp;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import picocli.CommandLine.Option;

/** Where the app serves its live page, JSON API and Prometheus metrics, and the run id its metrics carry. */
public final class HttpOptions {

    @Option(names = "--http-port", defaultValue = "8080",
            description = "Port of the live page, /api/learners, /api/predict and /metrics (0 = any free port; default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--http-bind", defaultValue = "127.0.0.1",
            description = "Address the HTTP port binds to; 0.0.0.0 to reach it from other hosts (default: ${DEFAULT-VALUE}).")
    private String bind;

    @Option(names = "--run-id", description = "run_id tag of every Descent metric (default: the application id).")
    private String runId;

    /** The --http-port given (0: any free port). */
    int port() {
        return port;
    }

    /**
     * host:port where other instances of the application reach this one's HTTP port, for answers
     * about model keys held here; null on a port picked at random (0), which nobody can know in advance.
     */
    String advertisedAddress() {
        if (port == 0) {
            return null;
        }
        if (!bind.equals("0.0.0.0")) {
            return bind + ":" + port;
        }
        try {
            return InetAddress.getLocalHost().getHostName() + ":" + port;
        } catch (UnknownHostException e) {
            return "localhost:" + port;
        }
    }

    /** The --run-id given, or null. */
    String runId() {
        return runId;
    }

    Observability start(DescentApp app, String applicationId) {
        if (port < 0 || port > 65_535) {
            throw new UserException("--http-port must be 0..65535, got " + port);
        }
        try {
            return Observability.start(app, new InetSocketAddress(bind, port), runId != null ? runId : applicationId);
        } catch (IOException e) {
            throw new UserException("cannot serve HTTP on " + bind + ":" + port + " (in use? try --http-port 0): "
                    + e.getMessage(), e);
        }
    }

    String url(Observability observability) {
        String host = bind.equals("0.0.0.0") ? "127.0.0.1" : bind;
        return "http://" + host + ":" + observability.port() + "/";
    }
}
