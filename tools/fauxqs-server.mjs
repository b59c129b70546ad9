// Starts the fauxqs SQS emulator bound to one address only.
// fauxqs's own CLI (and startFauxqs) always listen on 0.0.0.0, which would expose an
// unauthenticated queue service to the network; buildApp lets us choose the address.
//
// Environment: SQS_HOST (default 127.0.0.1), SQS_PORT (default 4566),
// SQS_REGION (default eu-west-2: the region queue ARNs carry), FAUXQS_LOGGER (default false).
import { buildApp } from "fauxqs";

const host = process.env.SQS_HOST ?? "127.0.0.1";
const port = Number.parseInt(process.env.SQS_PORT ?? "4566", 10);
const defaultRegion = process.env.SQS_REGION ?? "eu-west-2";
const logger = (process.env.FAUXQS_LOGGER ?? "false") !== "false";

if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`fauxqs-server: SQS_PORT must be a port number, got '${process.env.SQS_PORT}'`);
  process.exit(2);
}

// No `host` option: queue URLs then take the request's Host header (http://127.0.0.1:<port>/000000000000/<name>),
// which every client can reach without wildcard DNS for *.localhost.
const app = buildApp({ logger, defaultRegion });

try {
  const address = await app.listen({ port, host });
  console.log(`fauxqs listening on ${address} (region ${defaultRegion})`);
} catch (err) {
  console.error(`fauxqs-server: could not listen on ${host}:${port}: ${err.message}`);
  process.exit(1);
}

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => {
    app.close().then(
      () => process.exit(0),
      (err) => {
        console.error(`fauxqs-server: error while closing: ${err.message}`);
        process.exit(1);
      },
    );
  });
}
