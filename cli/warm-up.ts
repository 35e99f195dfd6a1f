// Runs the compose loader on a made-up project held in memory while the
// start-up snapshot is built (cli/snapshot.ts). V8 keeps the bytecode of
// every function that ran in the snapshot, so a command restored from it
// skips compiling them: ~20 ms of a `config` on a small project, and of
// every command that will load one. (The container commands' own code
// compiles in a few milliseconds: warming it up measured no gain.)
// Nothing here touches the disk, the environment or the terminal.
import { loadProject, projectToSpec, serviceConfigHash, type LoaderIO } from '../index.js';
import { renderDocument } from './render/document.js';

const COMPOSE = `services:
  web:
    image: registry.local:5000/web:\${TAG:-1}
    build: {context: ./web, args: [MODE=dev]}
    ports: ["8080:80", "127.0.0.1:9000-9001:9000-9001/udp", {target: 443, published: "8443", host_ip: 0.0.0.0}]
    environment: [A=1, "B=\${B:-two}"]
    env_file: [{path: ./web.env, required: false}]
    volumes: ["./src:/src:ro", "data:/data", {type: tmpfs, target: /tmp, tmpfs: {size: 64m}}]
    depends_on: {db: {condition: service_healthy}}
    healthcheck: {test: [CMD-SHELL, "wget -q -O- localhost"], interval: 5s, retries: 3}
    networks: {front: {aliases: [www]}, back: {}}
    deploy: {replicas: 2, resources: {limits: {memory: 512m, cpus: "0.5"}}}
    labels: {tier: front}
    restart: unless-stopped
    profiles: [app]
  db:
    image: postgres:16
    extends: {service: base}
    command: ["postgres", "-c", "fsync=off"]
    networks: [back]
    ulimits: {nofile: {soft: 1024, hard: 2048}}
  base:
    image: busybox
    user: "1000:1000"
    cap_drop: [ALL]
    sysctls: {net.core.somaxconn: 1024}
volumes: {data: {}}
networks: {front: {}, back: {internal: true}}
`;

/** Loads, hashes and renders a project that uses most of the compose file's features. */
export function warmUp(): void {
  const files: Record<string, string> = { '/warm/compose.yaml': COMPOSE, '/warm/.env': 'TAG=2\n' };
  const io: LoaderIO = {
    isFile: (path) => path in files,
    exists: (path) => path in files,
    readCompose: (path) => files[path]!,
    readOptional: (path) => files[path],
    readStdin: () => '',
  };
  for (let i = 0; i < 3; i++) {
    const { project } = loadProject({ workingDir: '/warm', environment: { HOME: '/home/warm' }, io, profiles: ['app'] });
    renderDocument(projectToSpec(project), 'yaml');
    renderDocument(projectToSpec(project), 'json');
    for (const service of Object.values(project.services)) serviceConfigHash(service);
  }
}

