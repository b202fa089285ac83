// Magento's deployment configuration read as PHP reads it: the array literal env.php and config.php return,
// the database as Magento's PDO adapter takes env.php's host, and --db URLs.
import * as assert from 'node:assert/strict';
import { describeTarget, hostOf, readDatabaseUrl, readDeploymentConfig, readModuleStatus, redactUrl } from '../../server/src/magento/deploymentConfig';
import { phpPath, PhpSyntaxError, readPhpReturnedArray } from '../../server/src/magento/phpArrayLiteral';

// The shape setup:install writes (a real 2.4.6-p1 store's env.php, values changed).
const ENV = `<?php
return [
    'backend' => [
        'frontName' => 'admin'
    ],
    'db' => [
        'connection' => [
            'indexer' => [
                'host' => '127.0.0.1:3407',
                'dbname' => 'magento',
                'persistent' => null
            ],
            'default' => [
                'host' => 'db.internal:3307',
                'dbname' => 'shop',
                'username' => 'magento',
                'password' => 'it\\'s s3cret \\\\ really',
                'model' => 'mysql4',
                'active' => '1',
                'driver_options' => [
                    1014 => false
                ]
            ]
        ],
        'table_prefix' => 'mg_'
    ],
    'MAGE_MODE' => 'developer',
    'system' => [
        'default' => [
            'web' => ['unsecure' => ['base_url' => 'https://shop.example/']],
            'oauth' => ['consumer' => ['enable_integration_as_bearer' => 1]],
        ],
    ],
];
`;

describe('the deployment configuration', () => {
  it('reads the array env.php returns: nesting, escapes, null, booleans, numeric keys', () => {
    const env = readPhpReturnedArray(ENV);
    assert.equal(phpPath(env, 'db', 'connection', 'default', 'password'), "it's s3cret \\ really");
    assert.equal(phpPath(env, 'db', 'connection', 'indexer', 'persistent'), null);
    assert.equal(phpPath(env, 'db', 'connection', 'default', 'driver_options', 1014), false);
    assert.equal(phpPath(env, 'MAGE_MODE'), 'developer');
    assert.equal(phpPath(env, 'nope', 'deeper'), undefined);
  });

  const cases: Array<[string, string, unknown]> = [
    ['array() syntax and comments', "<?php\n// generated\nreturn array( /* x */ 'a' => array(1, 2, 'k' => \"v\\n\"), # trailing\n 'b' => TRUE );", { a: { 0: 1, 1: 2, k: 'v\n' }, b: true }],
    ['implicit keys continue after an explicit number', "<?php return [5 => 'x', 'y', '7' => 'z', 'w'];", { 5: 'x', 6: 'y', 7: 'z', 8: 'w' }],
    ['constants kept as their names, negative and float numbers', "<?php return [\\PDO::MYSQL_ATTR_LOCAL_INFILE => -1, 'f' => 1.5e2];", { '\\PDO::MYSQL_ATTR_LOCAL_INFILE': -1, f: 150 }],
    ['a byte-order mark before the tag', "\uFEFF<?php return ['a' => 1];", { a: 1 }],
  ];
  const plain = (value: unknown): unknown => (value instanceof Map ? Object.fromEntries([...value].map(([k, v]) => [String(k), plain(v)])) : value);
  for (const [name, text, expected] of cases) {
    it(`reads ${name}`, () => assert.deepEqual(plain(readPhpReturnedArray(text)), expected));
  }

  for (const [name, text] of [
    ['no opening tag', "return ['a' => 1];"],
    ['an unclosed array', "<?php return ['a' => [1, 2;"],
    ['a function call', "<?php return ['a' => getenv('X')];"],
    ['a non-array return', "<?php return 'a';"],
    ['nesting past the bound', `<?php return ${'['.repeat(200)}${']'.repeat(200)};`],
  ] as const) {
    it(`refuses ${name}`, () => assert.throws(() => readPhpReturnedArray(text), PhpSyntaxError));
  }

  it('reads a long file in time linear in its length', () => {
    const entries = (n: number) => `<?php return [${Array.from({ length: n }, (_, i) => `'k${i}' => ['a' => 'value ${i}', 'b' => ${i}]`).join(',\n')}];`;
    const cpu = (text: string) => {
      const start = process.cpuUsage();
      for (let i = 0; i < 3; i++) readPhpReturnedArray(text);
      const used = process.cpuUsage(start);
      return used.user + used.system;
    };
    const small = cpu(entries(5000));
    const large = cpu(entries(40000));
    assert.ok(large < small * 8 * 3, `8x the text took ${(large / small).toFixed(1)}x the CPU`);
  });

  it('takes env.php\'s database as Magento\'s PDO adapter does, and its settings', () => {
    const config = readDeploymentConfig(readPhpReturnedArray(ENV));
    assert.deepEqual(config.database, { host: 'db.internal', port: 3307, database: 'shop', user: 'magento', password: "it's s3cret \\ really", tablePrefix: 'mg_' });
    assert.equal(config.mode, 'developer');
    assert.equal(config.systemDefaults.get('web/unsecure/base_url'), 'https://shop.example/');
    assert.equal(config.systemDefaults.get('oauth/consumer/enable_integration_as_bearer'), '1');
    assert.ok(!describeTarget(config.database!).includes('s3cret'), 'no password in the description');
  });

  it('reads a host as Magento does: a path is a socket, name:port splits, a bare name is port 3306', () => {
    assert.deepEqual(hostOf('/var/run/mysqld/mysqld.sock'), { socketPath: '/var/run/mysqld/mysqld.sock' });
    assert.deepEqual(hostOf('db:3310'), { host: 'db', port: 3310 });
    assert.deepEqual(hostOf('mysql'), { host: 'mysql', port: 3306 });
  });

  it('says when env.php has no database', () => {
    assert.match(readDeploymentConfig(readPhpReturnedArray("<?php return ['backend' => []];")).databaseProblem!, /no db\.connection\.default/);
  });

  it('reads config.php\'s modules', () => {
    const status = readModuleStatus(readPhpReturnedArray("<?php return ['modules' => ['Magento_Store' => 1, 'Acme_Off' => 0]];"));
    assert.deepEqual([...status], [['Magento_Store', true], ['Acme_Off', false]]);
  });

  it('reads --db URLs, TCP and socket, and redacts their password', () => {
    assert.deepEqual(readDatabaseUrl('mysql://reader:p%40ss@127.0.0.1:3407/magento'), { host: '127.0.0.1', port: 3407, database: 'magento', user: 'reader', password: 'p@ss', tablePrefix: '' });
    assert.deepEqual(readDatabaseUrl('mariadb://root@localhost/shop?socket=/tmp/db.sock&prefix=mg_'), { socketPath: '/tmp/db.sock', database: 'shop', user: 'root', password: '', tablePrefix: 'mg_' });
    assert.match(readDatabaseUrl('postgres://a:b@h/db') as string, /mysql:\/\/ or mariadb:\/\//);
    assert.match(readDatabaseUrl('mysql://a:b@h:1/') as string, /database name/);
    assert.equal(redactUrl('mysql://reader:hunter2@127.0.0.1/magento'), 'mysql://reader:***@127.0.0.1/magento');
    assert.ok(!(readDatabaseUrl('not a url:hunter2@') as string).includes('hunter2'));
  });
});
