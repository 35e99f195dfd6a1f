// A large, realistic compose file for the loader benchmark: every service
// uses the short syntaxes normalization has to expand, plus interpolation.

export function generateProject(count) {
  const lines = ['name: bench', 'x-common: &common', '  restart: unless-stopped', '  logging:', '    driver: json-file', '    options:', '      max-size: 10m', 'services:'];
  for (let i = 0; i < count; i++) {
    const deps = i > 0 ? [`      - svc${i - 1}`] : [];
    lines.push(
      `  svc${i}:`,
      '    <<: *common',
      `    image: \${REGISTRY}/app${i % 7}:\${TAG:-latest}`,
      `    command: ["server", "--port", "${8000 + (i % 100)}"]`,
      '    environment:',
      `      - SERVICE_INDEX=${i}`,
      '      - LOG_LEVEL=${LOG_LEVEL:-info}',
      '    ports:',
      `      - "127.0.0.1:${10000 + i}:80"`,
      '    volumes:',
      `      - ./data/svc${i}:/data:ro`,
      '      - cache:/cache',
      '    healthcheck:',
      '      test: wget -q -O- http://localhost/health || exit 1',
      '      interval: 30s',
      '      timeout: 5s',
      '      retries: 3',
      '    mem_limit: 256m',
      '    labels:',
      `      com.example.index: "${i}"`,
      '    networks: [front, back]',
      ...(deps.length ? ['    depends_on:', ...deps] : []),
    );
  }
  lines.push('networks:', '  front: {}', '  back:', '    internal: true', 'volumes:', '  cache: {}', '');
  return lines.join('\n');
}
