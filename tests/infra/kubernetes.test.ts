import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

/**
 * The Kubernetes manifests (infra/kubernetes), validated offline: each object against the Kubernetes OpenAPI schemas
 * that `kubernetes-models` ships (4.x: the last line that runs on Node 20 and loads as CommonJS), then the
 * structural rules below: probes, resources, a security context that is not root with a read-only root filesystem,
 * and no secret value anywhere.
 */
const DIR = path.resolve(__dirname, '..', '..', 'infra', 'kubernetes');

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; annotations?: Record<string, string>; labels?: Record<string, string> };
  spec?: any;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

const files = fs
  .readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')
  .sort();
const objects: (K8sObject & { file: string })[] = files.flatMap((file) =>
  parseAllDocuments(fs.readFileSync(path.join(DIR, file), 'utf8')).map((doc) => {
    if (doc.errors.length) throw new Error(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
    return { ...(doc.toJS() as K8sObject), file };
  }),
);
const byKind = (kind: string, name?: string) =>
  objects.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
const one = (kind: string, name: string) => {
  const found = byKind(kind, name);
  expect(found).toHaveLength(1);
  return found[0];
};

/** kubernetes-models' class for an apiVersion and kind (the package has one module per group/version/kind). */
function modelClass(apiVersion: string, kind: string): new (data: object) => { validate(): void } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(['kubernetes-models', apiVersion, kind].join('/')) as Record<string, unknown>;
  return (mod[kind] ?? mod.default) as never;
}

/** 'valid', or the validator's message. */
function tryValidate(Model: new (data: object) => { validate(): void }, data: object): string {
  try {
    new Model(data).validate();
    return 'valid';
  } catch (error) {
    return (error as Error).message;
  }
}

describe('the manifests are Kubernetes objects', () => {
  it('every file parses, and every object has apiVersion, kind and a name', () => {
    expect(objects.length).toBeGreaterThanOrEqual(10);
    for (const o of objects) {
      expect(o.apiVersion).toMatch(/^([a-z0-9.-]+\/)?v\d+((alpha|beta)\d+)?$/);
      expect(o.kind).toMatch(/^[A-Z][A-Za-z]+$/);
      expect(o.metadata?.name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    }
    const kinds = objects.map((o) => o.kind).sort();
    for (const kind of [
      'ConfigMap',
      'Deployment',
      'HorizontalPodAutoscaler',
      'Job',
      'NetworkPolicy',
      'PodDisruptionBudget',
      'Service',
      'ServiceAccount',
    ])
      expect(kinds).toContain(kind);
  });

  it('kustomization.yaml lists every manifest in the folder', () => {
    const kustomization = parseAllDocuments(fs.readFileSync(path.join(DIR, 'kustomization.yaml'), 'utf8'))[0].toJS();
    expect([...kustomization.resources].sort()).toEqual(files);
  });

  it('validates against the Kubernetes OpenAPI schemas (kubernetes-models)', () => {
    for (const o of objects) {
      const Model = modelClass(o.apiVersion, o.kind);
      const { file: _file, ...data } = o;
      expect({ file: o.file, kind: o.kind, name: o.metadata.name, valid: tryValidate(Model, data) }).toEqual({
        file: o.file,
        kind: o.kind,
        name: o.metadata.name,
        valid: 'valid',
      });
    }
  });

  it('the schema check fails on a broken manifest (a Deployment without a selector)', () => {
    const api = one('Deployment', byKind('Deployment')[0].metadata.name);
    const { file: _file, ...data } = api;
    const broken = { ...data, spec: { ...data.spec, selector: undefined } };
    expect(tryValidate(modelClass('apps/v1', 'Deployment'), broken)).toMatch(/selector/);
  });
});

function podSpecOf(o: K8sObject): any {
  return o.spec.template.spec;
}

describe('the API Deployment', () => {
  const api = () => one('Deployment', 'throughline-api');
  const container = () => podSpecOf(api()).containers[0];

  it('its selector matches its pods; a rollout adds a pod before removing one', () => {
    const d = api();
    expect(d.spec.template.metadata.labels).toMatchObject(d.spec.selector.matchLabels);
    expect(d.spec.strategy.rollingUpdate.maxUnavailable).toBe(0);
    expect(d.spec.replicas).toBeGreaterThanOrEqual(2);
  });

  it('readiness asks /readyz, liveness /healthz, on the container’s HTTP port', () => {
    const c = container();
    expect(c.readinessProbe.httpGet.path).toBe('/readyz');
    expect(c.livenessProbe.httpGet.path).toBe('/healthz');
    const ports = c.ports.map((p: { name: string; containerPort: number }) => p.name);
    expect(ports).toContain(c.readinessProbe.httpGet.port);
    expect(c.ports.find((p: { name: string }) => p.name === 'http').containerPort).toBe(4000);
    expect(c.command).toEqual(['node', 'packages/api/dist/main.js']);
  });

  it('leaves time to drain: the grace period outlasts the preStop pause', () => {
    const spec = podSpecOf(api());
    expect(spec.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(30);
    expect(container().lifecycle.preStop).toBeDefined();
  });
});

describe('every workload (API, worker, migrations)', () => {
  const workloads = () => [...byKind('Deployment'), ...byKind('Job')];

  it('has resource requests and limits', () => {
    for (const w of workloads()) {
      for (const c of podSpecOf(w).containers) {
        expect({ name: w.metadata.name, requests: c.resources?.requests }).toEqual({
          name: w.metadata.name,
          requests: expect.objectContaining({ cpu: expect.anything(), memory: expect.anything() }),
        });
        expect(c.resources.limits).toEqual(expect.objectContaining({ memory: expect.anything() }));
      }
    }
  });

  it('runs as a user that is not root, with a read-only root filesystem, no privilege escalation, no capabilities', () => {
    for (const w of workloads()) {
      const spec = podSpecOf(w);
      expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      expect(spec.securityContext.runAsUser).toBeGreaterThan(0);
      expect(spec.automountServiceAccountToken).toBe(false);
      for (const c of spec.containers) {
        expect(c.securityContext).toEqual({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ['ALL'] },
        });
        // A read-only root: /tmp is the one writable place (DATA_DIR in the image).
        expect(c.volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
      }
      expect(spec.volumes).toContainEqual({ name: 'tmp', emptyDir: expect.any(Object) });
    }
  });

  it('runs the image the kustomization pins, never :latest', () => {
    for (const w of workloads()) for (const c of podSpecOf(w).containers) expect(c.image).toBe('throughline');
    const kustomization = parseAllDocuments(fs.readFileSync(path.join(DIR, 'kustomization.yaml'), 'utf8'))[0].toJS();
    const image = kustomization.images.find((i: { name: string }) => i.name === 'throughline');
    expect(image.newTag ?? image.digest).toBeDefined();
    expect(image.newTag).not.toBe('latest');
  });

  it('reads settings from the ConfigMap and secrets from the Secret, by reference only', () => {
    expect(byKind('Secret')).toEqual([]);
    const configMap = one('ConfigMap', 'throughline-config');
    for (const key of Object.keys(configMap.data ?? {}))
      expect(key).not.toMatch(/PASSWORD|SECRET|TOKEN|SIGNING|_KEY$|DATABASE_(APP_|DIRECT_)?URL/);
    for (const w of workloads()) {
      for (const c of podSpecOf(w).containers) {
        for (const e of c.env ?? []) {
          // An env entry is a reference or a value that is no secret.
          if (e.value !== undefined) expect(e.name).not.toMatch(/PASSWORD|SECRET|TOKEN|SIGNING|_KEY$|URL$/);
          else expect(e.valueFrom.secretKeyRef?.name ?? e.valueFrom.configMapKeyRef?.name).toBeDefined();
        }
        for (const from of c.envFrom ?? []) {
          expect(from.configMapRef?.name ?? from.secretRef?.name).toMatch(/^throughline-(config|secrets)$/);
        }
      }
    }
  });

  it('no manifest holds anything that looks like a secret value', () => {
    for (const file of files) {
      const text = fs.readFileSync(path.join(DIR, file), 'utf8');
      expect(text).not.toMatch(/:\/\/[^/\s:@]+:[^@\s]+@/);
      expect(text).not.toMatch(/BEGIN [A-Z ]*PRIVATE KEY|"d"\s*:\s*"/);
    }
  });
});

describe('the worker, the migrations, disruption, scaling and the network', () => {
  it('the worker Deployment runs worker.cli.js with health on its metrics port', () => {
    const c = podSpecOf(one('Deployment', 'throughline-worker')).containers[0];
    expect(c.command).toEqual(['node', 'packages/api/dist/server/worker.cli.js']);
    expect(c.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'metrics' });
  });

  it('the migrations Job runs the migrate CLI once, before the rollout (hooks), and never restarts in place', () => {
    const job = one('Job', 'throughline-migrate');
    const spec = podSpecOf(job);
    expect(spec.containers[0].command).toEqual(['node', 'packages/api/dist/server/migrate.cli.js']);
    expect(spec.restartPolicy).toBe('Never');
    expect(job.spec.backoffLimit).toBeGreaterThan(0);
    expect(job.metadata.annotations).toMatchObject({
      'helm.sh/hook': expect.stringContaining('pre-upgrade'),
      'argocd.argoproj.io/hook': 'PreSync',
    });
  });

  it('the PodDisruptionBudgets and the HPA select and scale the Deployments that exist', () => {
    for (const pdb of byKind('PodDisruptionBudget')) {
      const target = byKind('Deployment').find((d) =>
        Object.entries(pdb.spec.selector.matchLabels).every(([k, v]) => d.spec.template.metadata.labels[k] === v),
      );
      expect(target).toBeDefined();
      expect(pdb.spec.maxUnavailable ?? pdb.spec.minAvailable).toBeDefined();
    }
    const hpa = one('HorizontalPodAutoscaler', 'throughline-api');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'throughline-api' });
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(hpa.spec.maxReplicas).toBeGreaterThan(hpa.spec.minReplicas);
  });

  it('the Service reaches the API pods’ HTTP port', () => {
    const service = one('Service', 'throughline-api');
    const api = one('Deployment', 'throughline-api');
    expect(api.spec.template.metadata.labels).toMatchObject(service.spec.selector);
    expect(service.spec.ports).toContainEqual(expect.objectContaining({ targetPort: 'http' }));
  });

  it('the NetworkPolicy limits both ways: ingress to the HTTP and metrics ports, egress to named places', () => {
    const policy = one('NetworkPolicy', 'throughline');
    expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    const ingressPorts = policy.spec.ingress.flatMap((r: any) => r.ports.map((p: any) => p.port)).sort();
    expect(ingressPorts).toEqual([4000, 9464]);
    for (const rule of policy.spec.ingress) expect(rule.from.length).toBeGreaterThan(0);
    const egressPorts = policy.spec.egress.flatMap((r: any) => r.ports.map((p: any) => p.port));
    expect(egressPorts).toEqual(expect.arrayContaining([53, 5432, 6432, 443]));
    const internet = policy.spec.egress.find((r: any) => r.to.some((t: any) => t.ipBlock?.cidr === '0.0.0.0/0'));
    expect(internet.ports).toEqual([{ protocol: 'TCP', port: 443 }]);
    expect(internet.to[0].ipBlock.except).toEqual(expect.arrayContaining(['10.0.0.0/8', '169.254.0.0/16']));
  });
});
