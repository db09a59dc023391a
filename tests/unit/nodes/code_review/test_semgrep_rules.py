"""Each semgrep bug pattern fires on a bug of its kind and not on the fixed code.

The examples are written here, one buggy and one fixed per rule, in the shapes the rule
claims to cover; they are not the evaluation sets' snippets. All run in one semgrep call.
"""

from __future__ import annotations

import json
from importlib import resources

import pytest
import yaml

from nodes.code_review.findings import classified
from nodes.code_review.semgrep import SemgrepMissing, semgrep_binary, semgrep_findings
from nodes.code_review.snippets import Snippet

# rule id (with "@form" for a rule's further forms) -> (language, buggy code, the same code fixed)
CASES: dict[str, tuple[str, str, str]] = {
    "SG-sql-fstring": (
        "python",
        "def user(cur, name):\n    cur.execute(f\"SELECT id FROM users WHERE name = '{name}'\")\n",
        'def user(cur, name):\n    cur.execute("SELECT id FROM users WHERE name = %s", (name,))\n',
    ),
    "SG-sql-sprintf": (
        "go",
        "func q(db *sql.DB, n string) {\n\tdb.Query(fmt.Sprintf(\"SELECT id FROM t WHERE n = '%s'\", n))\n}\n",
        'func q(db *sql.DB, n string) {\n\tdb.Query("SELECT id FROM t WHERE n = $1", n)\n}\n',
    ),
    "SG-sql-template": (
        "javascript",
        "async function f(db, n) {\n  return db.query(`SELECT id FROM t WHERE n = '${n}'`);\n}\n",
        "async function f(db, n) {\n  return db.query('SELECT id FROM t WHERE n = $1', [n]);\n}\n",
    ),
    "SG-path-traversal-go": (
        "go",
        'func h(w http.ResponseWriter, r *http.Request) {\n\tp := filepath.Join("/srv", r.URL.Query().Get("f"))\n\thttp.ServeFile(w, r, p)\n}\n',
        'func h(w http.ResponseWriter, r *http.Request) {\n\tp := filepath.Join("/srv", filepath.Base(r.URL.Query().Get("f")))\n\thttp.ServeFile(w, r, p)\n}\n',
    ),
    "SG-path-traversal-js": (
        "javascript",
        "app.get('/f', (req, res) => {\n  res.sendFile(path.join(DIR, req.query.name));\n});\n",
        "app.get('/f', (req, res) => {\n  res.sendFile(path.join(DIR, path.basename(req.query.name)));\n});\n",
    ),
    "SG-path-traversal-py": (
        "python",
        "def get():\n    name = request.args.get('f')\n    return open(os.path.join(BASE, name)).read()\n",
        "def get():\n    name = os.path.basename(request.args.get('f'))\n    return open(os.path.join(BASE, name)).read()\n",
    ),
    "SG-empty-catch": (
        "javascript",
        "async function f(q) {\n  try {\n    await q.send(1);\n  } catch (e) {}\n}\n",
        "async function f(q, log) {\n  try {\n    await q.send(1);\n  } catch (e) {\n    log.error(e);\n  }\n}\n",
    ),
    "SG-when-others-null": (
        "sql",
        "BEGIN\n  UPDATE t SET a = 1;\nEXCEPTION\n  WHEN OTHERS THEN\n    NULL;\nEND;\n",
        "BEGIN\n  UPDATE t SET a = 1;\nEXCEPTION\n  WHEN unique_violation THEN\n    RAISE;\nEND;\n",
    ),
    "SG-go-error-dropped": (
        "go",
        "func f(tx *sql.Tx) error {\n\ttx.Commit()\n\treturn nil\n}\n",
        "func f(tx *sql.Tx) error {\n\treturn tx.Commit()\n}\n",
    ),
    "SG-go-map-in-goroutine": (
        "go",
        "func f(ids []string) map[string]int {\n\tm := map[string]int{}\n\tvar wg sync.WaitGroup\n\tfor _, id := range ids {\n\t\twg.Add(1)\n\t\tgo func(id string) {\n\t\t\tdefer wg.Done()\n\t\t\tm[id] = len(id)\n\t\t}(id)\n\t}\n\twg.Wait()\n\treturn m\n}\n",
        "func f(ids []string) map[string]int {\n\tm := map[string]int{}\n\tvar mu sync.Mutex\n\tvar wg sync.WaitGroup\n\tfor _, id := range ids {\n\t\twg.Add(1)\n\t\tgo func(id string) {\n\t\t\tdefer wg.Done()\n\t\t\tmu.Lock()\n\t\t\tm[id] = len(id)\n\t\t\tmu.Unlock()\n\t\t}(id)\n\t}\n\twg.Wait()\n\treturn m\n}\n",
    ),
    "SG-go-map-in-goroutine@errgroup": (
        "go",
        "func totals(ctx context.Context, ids []string) map[string]int64 {\n\tsum := make(map[string]int64)\n\tg, ctx := errgroup.WithContext(ctx)\n\tfor _, id := range ids {\n\t\tid := id\n\t\tg.Go(func() error {\n\t\t\tsum[region(id)] += cents(ctx, id)\n\t\t\treturn nil\n\t\t})\n\t}\n\t_ = g.Wait()\n\treturn sum\n}\n",
        "func totals(ctx context.Context, ids []string) map[string]int64 {\n\tsum := make(map[string]int64)\n\tvar mu sync.Mutex\n\tg, ctx := errgroup.WithContext(ctx)\n\tfor _, id := range ids {\n\t\tid := id\n\t\tg.Go(func() error {\n\t\t\tc := cents(ctx, id)\n\t\t\tmu.Lock()\n\t\t\tsum[region(id)] += c\n\t\t\tmu.Unlock()\n\t\t\treturn nil\n\t\t})\n\t}\n\t_ = g.Wait()\n\treturn sum\n}\n",
    ),
    "SG-go-map-write-outside-lock": (
        "go",
        "func (s *Store) Hit(w http.ResponseWriter, r *http.Request) {\n\ts.mu.RLock()\n\t_, ok := s.links[r.URL.Path]\n\ts.mu.RUnlock()\n\tif ok {\n\t\ts.hits[r.URL.Path]++\n\t}\n}\n",
        "func (s *Store) Hit(w http.ResponseWriter, r *http.Request) {\n\ts.mu.Lock()\n\tdefer s.mu.Unlock()\n\tif _, ok := s.links[r.URL.Path]; ok {\n\t\ts.hits[r.URL.Path]++\n\t}\n}\n",
    ),
    "SG-go-shared-map-no-lock": (
        "go",
        'package cache\n\nimport "net/http"\n\ntype Seen struct {\n\tby map[string]int\n}\n\nfunc (s *Seen) ServeHTTP(w http.ResponseWriter, r *http.Request) {\n\ts.by[r.RemoteAddr]++\n}\n',
        'package cache\n\nimport (\n\t"net/http"\n\t"sync"\n)\n\ntype Seen struct {\n\tmu sync.Mutex\n\tby map[string]int\n}\n\nfunc (s *Seen) ServeHTTP(w http.ResponseWriter, r *http.Request) {\n\ts.mu.Lock()\n\tdefer s.mu.Unlock()\n\ts.by[r.RemoteAddr]++\n}\n',
    ),
    "SG-go-relock-deadlock@called-after": (
        "go",
        "func (s *Store) Get(id string) (*Session, bool) {\n\ts.mu.Lock()\n\tdefer s.mu.Unlock()\n\tsess, ok := s.all[id]\n\tif ok && sess.Expired() {\n\t\ts.Delete(id)\n\t\treturn nil, false\n\t}\n\treturn sess, ok\n}\n\nfunc (s *Store) Delete(id string) {\n\ts.mu.Lock()\n\tdefer s.mu.Unlock()\n\tdelete(s.all, id)\n}\n",
        "func (s *Store) Get(id string) (*Session, bool) {\n\ts.mu.Lock()\n\tdefer s.mu.Unlock()\n\tsess, ok := s.all[id]\n\tif ok && sess.Expired() {\n\t\tdelete(s.all, id)\n\t\treturn nil, false\n\t}\n\treturn sess, ok\n}\n\nfunc (s *Store) Delete(id string) {\n\ts.mu.Lock()\n\tdefer s.mu.Unlock()\n\tdelete(s.all, id)\n}\n",
    ),
    "SG-js-mass-assignment@set": (
        "javascript",
        "router.patch('/me', async (req, res) => {\n  const user = await User.findByIdAndUpdate(req.user.id, { $set: req.body }, { new: true });\n  res.json(user);\n});\n",
        "router.patch('/me', async (req, res) => {\n  const { name, bio } = req.body;\n  const user = await User.findByIdAndUpdate(req.user.id, { $set: { name, bio } }, { new: true });\n  res.json(user);\n});\n",
    ),
    "SG-go-narrow-multiply@int32": (
        "go",
        "func offset(idx int, chunk int32) int64 {\n\treturn int64(int32(idx) * chunk)\n}\n",
        "func offset(idx int, chunk int32) int64 {\n\treturn int64(idx) * int64(chunk)\n}\n",
    ),
    "SG-js-unbounded-cache@per-request": (
        "typescript",
        "const hits = new Map<string, number>();\n\nexport function count(req: Request, res: Response, next: NextFunction) {\n  const key = `${req.ip}:${req.path}`;\n  hits.set(key, (hits.get(key) ?? 0) + 1);\n  next();\n}\n",
        "const hits = new Map<string, number>();\n\nexport function count(req: Request, res: Response, next: NextFunction) {\n  const key = `${req.ip}:${req.path}`;\n  if (hits.size > 10_000) hits.clear();\n  hits.set(key, (hits.get(key) ?? 0) + 1);\n  next();\n}\n",
    ),
    "SG-sql-read-then-update@locked-first": (
        "sql",
        "CREATE PROCEDURE pay(p_id bigint, p_amt numeric) LANGUAGE plpgsql AS $$\nDECLARE v numeric;\nBEGIN\n  SELECT balance INTO v FROM wallets WHERE id = p_id;\n  UPDATE wallets SET balance = v - p_amt WHERE id = p_id;\nEND $$;\n",
        "CREATE PROCEDURE pay(p_id bigint, p_amt numeric) LANGUAGE plpgsql AS $$\nDECLARE v numeric;\nBEGIN\n  PERFORM 1 FROM wallets WHERE id = p_id FOR UPDATE;\n  SELECT balance INTO v FROM wallets WHERE id = p_id;\n  UPDATE wallets SET balance = v - p_amt WHERE id = p_id;\nEND $$;\n",
    ),
    "SG-retry-forever-java": (
        "java",
        'class Sender {\n  Res send(Msg m) {\n    while (true) {\n      try {\n        return provider.send(m);\n      } catch (IOException e) {\n        log.warn("retrying", e);\n      }\n    }\n  }\n}\n',
        "class Sender {\n  Res send(Msg m) throws Exception {\n    int attempt = 0;\n    while (true) {\n      try {\n        return provider.send(m);\n      } catch (IOException e) {\n        if (++attempt >= 5) throw e;\n        Thread.sleep(200L << attempt);\n      }\n    }\n  }\n}\n",
    ),
    "SG-retry-forever-py": (
        "python",
        "def fetch(url):\n    while True:\n        try:\n            return requests.get(url, timeout=5).json()\n        except requests.RequestException:\n            log.warning('retrying %s', url)\n",
        "def fetch(url):\n    while True:\n        try:\n            return requests.get(url, timeout=5).json()\n        except requests.RequestException:\n            time.sleep(backoff.next())\n",
    ),
    "SG-sql-if-exists-then-insert": (
        "sql",
        "CREATE PROCEDURE dbo.Hold @Seat VARCHAR(10)\nAS\nBEGIN\n  BEGIN TRAN;\n  IF EXISTS (SELECT 1 FROM dbo.Holds WHERE Seat = @Seat)\n    THROW 50001, 'taken', 1;\n  INSERT INTO dbo.Holds (Seat) VALUES (@Seat);\n  COMMIT;\nEND;\n",
        "CREATE PROCEDURE dbo.Hold @Seat VARCHAR(10)\nAS\nBEGIN\n  BEGIN TRAN;\n  IF EXISTS (SELECT 1 FROM dbo.Holds WITH (UPDLOCK, HOLDLOCK) WHERE Seat = @Seat)\n    THROW 50001, 'taken', 1;\n  INSERT INTO dbo.Holds (Seat) VALUES (@Seat);\n  COMMIT;\nEND;\n",
    ),
    "SG-java-sublist-end-minus-one": (
        "java",
        "class Sync {\n  void run(List<Long> ids) {\n    for (int start = 0; start < ids.size(); start += 100) {\n      int end = Math.min(start + 100, ids.size() - 1);\n      push(ids.subList(start, end));\n    }\n  }\n}\n",
        "class Sync {\n  void run(List<Long> ids) {\n    for (int start = 0; start < ids.size(); start += 100) {\n      int end = Math.min(start + 100, ids.size());\n      push(ids.subList(start, end));\n    }\n  }\n}\n",
    ),
    "SG-java-finder-null-deref": (
        "java",
        "class Billing {\n  String portal(String sub) {\n    Customer customer = customers.findByExternalId(sub);\n    return portal.create(customer.getStripeId());\n  }\n}\n",
        "class Billing {\n  String portal(String sub) {\n    Customer customer = customers.findByExternalId(sub);\n    if (customer == null) {\n      throw new NotFound(sub);\n    }\n    return portal.create(customer.getStripeId());\n  }\n}\n",
    ),
    "SG-ssrf@nest-dto": (
        "typescript",
        "@Controller('webhooks')\nexport class Hooks {\n  @Post('test')\n  async test(@Body() dto: TestDto) {\n    const res = await fetch(dto.url, { method: 'POST' });\n    return { status: res.status };\n  }\n}\n",
        "@Controller('webhooks')\nexport class Hooks {\n  @Post('test')\n  async test(@Body() dto: TestDto) {\n    const hook = await this.hooks.forOrg(this.org);\n    const res = await fetch(hook.url, { method: 'POST' });\n    return { status: res.status };\n  }\n}\n",
    ),
    "SG-js-string-compare": (
        "javascript",
        "function tooMany(row) {\n  const qty = row.querySelector('input').value.trim();\n  const max = row.dataset.stock;\n  return qty > max;\n}\n",
        "function tooMany(row) {\n  const qty = Number(row.querySelector('input').value.trim());\n  const max = Number(row.dataset.stock);\n  return qty > max;\n}\n",
    ),
    "SG-go-relock-deadlock": (
        "go",
        "func (s *Stock) Free(sku string) int {\n\ts.mu.Lock()\n\tdefer s.mu.Unlock()\n\treturn s.on[sku] - s.held[sku]\n}\n\nfunc (s *Stock) Hold(sku string, n int) bool {\n\ts.mu.Lock()\n\tdefer s.mu.Unlock()\n\tif s.Free(sku) < n {\n\t\treturn false\n\t}\n\ts.held[sku] += n\n\treturn true\n}\n",
        "func (s *Stock) free(sku string) int {\n\treturn s.on[sku] - s.held[sku]\n}\n\nfunc (s *Stock) Hold(sku string, n int) bool {\n\ts.mu.Lock()\n\tdefer s.mu.Unlock()\n\tif s.free(sku) < n {\n\t\treturn false\n\t}\n\ts.held[sku] += n\n\treturn true\n}\n",
    ),
    "SG-sql-join-fanout": (
        "sql",
        "SELECT o.id, SUM(p.amount) AS paid, SUM(r.amount) AS refunded\nFROM orders o\nJOIN payments p ON p.order_id = o.id\nLEFT JOIN refunds r ON r.order_id = o.id\nGROUP BY o.id;\n",
        "SELECT o.id, p.paid, r.refunded\nFROM orders o\nLEFT JOIN (SELECT order_id, SUM(amount) AS paid FROM payments GROUP BY order_id) p ON p.order_id = o.id\nLEFT JOIN (SELECT order_id, SUM(amount) AS refunded FROM refunds GROUP BY order_id) r ON r.order_id = o.id;\n",
    ),
    "SG-go-int-division-float": (
        "go",
        "func utilisation(booked, available int) float64 {\n\treturn float64(booked / available * 100)\n}\n",
        "func utilisation(booked, available int) float64 {\n\treturn float64(booked) / float64(available) * 100\n}\n",
    ),
    "SG-py-float-money@totals": (
        "python",
        "def payouts(rows):\n    seller_totals = defaultdict(float)\n    for row in rows:\n        seller_totals[row['seller']] += float(row['gross'])\n    return seller_totals\n",
        "def payouts(rows):\n    seller_totals = defaultdict(Decimal)\n    for row in rows:\n        seller_totals[row['seller']] += Decimal(row['gross'])\n    return seller_totals\n",
    ),
    "SG-sql-read-then-update@schema": (
        "sql",
        "CREATE FUNCTION shop.spend(p_id bigint, p_n int) RETURNS void LANGUAGE plpgsql AS $$\nDECLARE v int;\nBEGIN\n  SELECT points INTO v FROM shop.members WHERE id = p_id;\n  UPDATE shop.members SET points = v - p_n WHERE id = p_id;\nEND $$;\n",
        "CREATE FUNCTION shop.spend(p_id bigint, p_n int) RETURNS void LANGUAGE plpgsql AS $$\nDECLARE v int;\nBEGIN\n  SELECT points INTO v FROM shop.members WHERE id = p_id FOR UPDATE;\n  UPDATE shop.members SET points = v - p_n WHERE id = p_id;\nEND $$;\n",
    ),
    "SG-sql-transfer-no-transaction@procedure": (
        "sql",
        "CREATE PROCEDURE dbo.Move @From INT, @To INT, @Amt DECIMAL(18,2)\nAS\nBEGIN\n  UPDATE dbo.Wallets SET Balance = Balance - @Amt WHERE Id = @From;\n  UPDATE dbo.Wallets SET Balance = Balance + @Amt WHERE Id = @To;\nEND;\n",
        "CREATE PROCEDURE dbo.Move @From INT, @To INT, @Amt DECIMAL(18,2)\nAS\nBEGIN\n  BEGIN TRAN;\n  UPDATE dbo.Wallets SET Balance = Balance - @Amt WHERE Id = @From;\n  UPDATE dbo.Wallets SET Balance = Balance + @Amt WHERE Id = @To;\n  COMMIT;\nEND;\n",
    ),
    "SG-go-defer-in-loop": (
        "go",
        "func f(ps []string) {\n\tfor _, p := range ps {\n\t\tf, _ := os.Open(p)\n\t\tdefer f.Close()\n\t}\n}\n",
        "func f(ps []string) {\n\tfor _, p := range ps {\n\t\tfunc() {\n\t\t\tf, _ := os.Open(p)\n\t\t\tdefer f.Close()\n\t\t}()\n\t}\n}\n",
    ),
    "SG-py-lock-acquire": (
        "python",
        "def take(self):\n    self.lock.acquire()\n    if self.n == 0:\n        return False\n    self.n -= 1\n    self.lock.release()\n    return True\n",
        "def take(self):\n    with self.lock:\n        if self.n == 0:\n            return False\n        self.n -= 1\n        return True\n",
    ),
    "SG-sql-read-then-update": (
        "sql",
        "SELECT stock INTO v FROM items WHERE id = p;\nIF v < 1 THEN RAISE EXCEPTION 'none'; END IF;\nUPDATE items SET stock = v - 1 WHERE id = p;\n",
        "SELECT stock INTO v FROM items WHERE id = p FOR UPDATE;\nIF v < 1 THEN RAISE EXCEPTION 'none'; END IF;\nUPDATE items SET stock = v - 1 WHERE id = p;\n",
    ),
    "SG-js-missing-await": (
        "javascript",
        "async function cancel(order) {\n  order.status = 'x';\n  order.save();\n  return order;\n}\n",
        "async function cancel(order) {\n  order.status = 'x';\n  await order.save();\n  return order;\n}\n",
    ),
    "SG-py-range-len-plus": (
        "python",
        "def diffs(xs):\n    out = []\n    for i in range(1, len(xs) + 1):\n        out.append(xs[i] - xs[i - 1])\n    return out\n",
        "def diffs(xs):\n    out = []\n    for i in range(1, len(xs)):\n        out.append(xs[i] - xs[i - 1])\n    return out\n",
    ),
    "SG-loop-past-end-js": (
        "javascript",
        "function total(xs) {\n  let t = 0;\n  for (let i = 0; i <= xs.length; i++) {\n    t += xs[i].amount;\n  }\n  return t;\n}\n",
        "function total(xs) {\n  let t = 0;\n  for (let i = 0; i < xs.length; i++) {\n    t += xs[i].amount;\n  }\n  return t;\n}\n",
    ),
    "SG-loop-past-end-java": (
        "java",
        "class T {\n  long total(List<Order> os) {\n    long t = 0;\n    for (int i = 0; i <= os.size(); i++) {\n      t += os.get(i).cents();\n    }\n    return t;\n  }\n}\n",
        "class T {\n  long total(List<Order> os) {\n    long t = 0;\n    for (int i = 0; i < os.size(); i++) {\n      t += os.get(i).cents();\n    }\n    return t;\n  }\n}\n",
    ),
    "SG-loop-past-end-go": (
        "go",
        "func total(xs []Order) int {\n\tt := 0\n\tfor i := 0; i <= len(xs); i++ {\n\t\tt += xs[i].Cents\n\t}\n\treturn t\n}\n",
        "func total(xs []Order) int {\n\tt := 0\n\tfor i := 0; i < len(xs); i++ {\n\t\tt += xs[i].Cents\n\t}\n\treturn t\n}\n",
    ),
    "SG-loop-past-end-py": (
        "python",
        "def total(xs):\n    t, i = 0, 0\n    while i <= len(xs):\n        t += xs[i].cents\n        i += 1\n    return t\n",
        "def total(xs):\n    t, i = 0, 0\n    while i < len(xs):\n        t += xs[i].cents\n        i += 1\n    return t\n",
    ),
    "SG-index-at-length": (
        "go",
        "func newest(events []Event) Event {\n\treturn events[len(events)]\n}\n",
        "func newest(events []Event) Event {\n\treturn events[len(events)-1]\n}\n",
    ),
    "SG-index-at-length@python": (
        "python",
        "def newest(events):\n    return events[len(events)]\n",
        "def newest(events):\n    return events[len(events) - 1]\n",
    ),
    "SG-index-at-length-js": (
        "javascript",
        "function newest(events) {\n  return events[events.length];\n}\nfunction add(events, e) {\n  events[events.length] = e;\n}\n",
        "function newest(events) {\n  return events[events.length - 1];\n}\nfunction add(events, e) {\n  events[events.length] = e;\n}\n",
    ),
    "SG-slice-end-minus-one": (
        "javascript",
        "function page(rows, n, size) {\n  const start = (n - 1) * size;\n  return rows.slice(start, start + size - 1);\n}\n",
        "function page(rows, n, size) {\n  const start = (n - 1) * size;\n  return rows.slice(start, start + size);\n}\n",
    ),
    "SG-slice-end-minus-one-py": (
        "python",
        "def page(rows, n, size):\n    start = (n - 1) * size\n    return rows[start:start + size - 1]\n",
        "def page(rows, n, size):\n    start = (n - 1) * size\n    return rows[start:start + size]\n",
    ),
    "SG-last-n-one-extra": (
        "go",
        "func recent(events []Event, n int) []Event {\n\treturn events[len(events)-n-1:]\n}\n",
        "func recent(events []Event, n int) []Event {\n\treturn events[len(events)-n:]\n}\n",
    ),
    "SG-go-float-money": (
        "go",
        "type LineItem struct {\n\tSKU       string\n\tUnitPrice float64\n\tQty       int\n}\n",
        "type LineItem struct {\n\tSKU            string\n\tUnitPriceCents int64\n\tQty            int\n}\n",
    ),
    "SG-sql-float-money": (
        "sql",
        "CREATE TABLE invoices (\n  id bigint PRIMARY KEY,\n  total_amount double precision NOT NULL\n);\n",
        "CREATE TABLE invoices (\n  id bigint PRIMARY KEY,\n  total_amount numeric(12, 2) NOT NULL\n);\n",
    ),
    "SG-py-float-money-field": (
        "python",
        "@dataclass\nclass LineItem:\n    sku: str\n    unit_price: float\n    weight_kg: float\n",
        "@dataclass\nclass LineItem:\n    sku: str\n    unit_price: Decimal\n    weight_kg: float\n",
    ),
    "SG-java-double-money-field": (
        "java",
        "class LineItem {\n  private String sku;\n  private double unitPrice;\n  private double weightKg;\n}\n",
        "class LineItem {\n  private String sku;\n  private BigDecimal unitPrice;\n  private double weightKg;\n}\n",
    ),
    "SG-py-get-chained": (
        "python",
        "def bearer(headers):\n    return headers.get('Authorization')[len('Bearer '):]\n\n\ndef fetch(url):\n    return requests.get('https://example.com').json()\n",
        "def bearer(headers):\n    return headers.get('Authorization', '')[len('Bearer '):]\n\n\ndef fetch(url):\n    return requests.get('https://example.com').json()\n",
    ),
    "SG-sql-page-offset": (
        "sql",
        "SELECT * FROM posts ORDER BY id LIMIT p_size OFFSET p_page * p_size;\n",
        "SELECT * FROM posts ORDER BY id LIMIT p_size OFFSET (p_page - 1) * p_size;\n",
    ),
    "SG-js-bitwise-or-default": (
        "javascript",
        "const port = process.env.PORT | 8080;\n",
        "const port = Number(process.env.PORT) || 8080;\n",
    ),
    "SG-py-unchecked-match": (
        "python",
        "def parse(s):\n    m = PATTERN.match(s)\n    return m.group(1)\n",
        "def parse(s):\n    m = PATTERN.match(s)\n    if m is None:\n        raise ValueError(s)\n    return m.group(1)\n",
    ),
    "SG-go-nil-lookup": (
        "go",
        "func f(s *Store, k string) int64 {\n\tu := s.Get(k)\n\treturn u.ID\n}\n",
        "func f(s *Store, k string) int64 {\n\tu := s.Get(k)\n\tif u == nil {\n\t\treturn 0\n\t}\n\treturn u.ID\n}\n",
    ),
    "SG-go-command-injection": (
        "go",
        'func f(name string) {\n\texec.Command("sh", "-c", fmt.Sprintf("tar czf %s.tgz data", name)).Run()\n}\n',
        'func f(name string) {\n\texec.Command("tar", "czf", name+".tgz", "data").Run()\n}\n',
    ),
    "SG-js-xss": (
        "javascript",
        "function show(el, comment) {\n  el.innerHTML = comment.text;\n}\n",
        "function show(el, comment) {\n  el.textContent = comment.text;\n}\n",
    ),
    "SG-tls-unverified-go": (
        "go",
        "var c = &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}\n",
        "var c = &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{MinVersion: tls.VersionTLS12}}}\n",
    ),
    "SG-js-weak-hash": (
        "javascript",
        "const h = crypto.createHash('md5').update(pw).digest('hex');\n",
        "const h = crypto.createHash('sha256').update(data).digest('hex');\n",
    ),
    "SG-timing-compare-py": (
        "python",
        "def ok(sent_signature, body):\n    return sent_signature == sign(body)\n",
        "def ok(sent_signature, body):\n    return hmac.compare_digest(sent_signature, sign(body))\n",
    ),
    "SG-py-mutate-while-iterating": (
        "python",
        "def drop_done(jobs):\n    for job in jobs:\n        if job.done:\n            jobs.remove(job)\n",
        "def drop_done(jobs):\n    return [job for job in jobs if not job.done]\n",
    ),
    "SG-go-unlock-missed-on-return": (
        "go",
        "func (c *C) Get(k string) (int, error) {\n\tc.mu.Lock()\n\tv, ok := c.m[k]\n\tif !ok {\n\t\treturn 0, ErrMissing\n\t}\n\tc.mu.Unlock()\n\treturn v, nil\n}\n",
        "func (c *C) Get(k string) (int, error) {\n\tc.mu.Lock()\n\tdefer c.mu.Unlock()\n\tv, ok := c.m[k]\n\tif !ok {\n\t\treturn 0, ErrMissing\n\t}\n\treturn v, nil\n}\n",
    ),
    "SG-go-body-not-closed": (
        "go",
        "func f(c *http.Client, req *http.Request) (int, error) {\n\tresp, err := c.Do(req)\n\tif err != nil {\n\t\treturn 0, err\n\t}\n\treturn resp.StatusCode, nil\n}\n",
        "func f(c *http.Client, req *http.Request) (int, error) {\n\tresp, err := c.Do(req)\n\tif err != nil {\n\t\treturn 0, err\n\t}\n\tdefer resp.Body.Close()\n\treturn resp.StatusCode, nil\n}\n",
    ),
    "SG-go-shadowed-err": (
        "go",
        "func f(ok bool) error {\n\tvar err error\n\tif ok {\n\t\tv, err := load()\n\t\tuse(v)\n\t}\n\treturn err\n}\n",
        "func f(ok bool) error {\n\tvar err error\n\tif ok {\n\t\tvar v int\n\t\tv, err = load()\n\t\tuse(v)\n\t}\n\treturn err\n}\n",
    ),
    "SG-go-counter-in-goroutine": (
        "go",
        "func f(jobs []Job) int {\n\tdone := 0\n\tvar wg sync.WaitGroup\n\tfor _, j := range jobs {\n\t\twg.Add(1)\n\t\tgo func(j Job) {\n\t\t\tdefer wg.Done()\n\t\t\trun(j)\n\t\t\tdone++\n\t\t}(j)\n\t}\n\twg.Wait()\n\treturn done\n}\n",
        "func f(jobs []Job) int64 {\n\tvar done int64\n\tvar wg sync.WaitGroup\n\tfor _, j := range jobs {\n\t\twg.Add(1)\n\t\tgo func(j Job) {\n\t\t\tdefer wg.Done()\n\t\t\trun(j)\n\t\t\tatomic.AddInt64(&done, 1)\n\t\t}(j)\n\t}\n\twg.Wait()\n\treturn done\n}\n",
    ),
    "SG-py-state-without-lock": (
        "python",
        "class Counter:\n    def __init__(self):\n        self.hits = {}\n        self._lock = threading.Lock()\n\n    def hit(self, key):\n        self.hits[key] += 1\n",
        "class Counter:\n    def __init__(self):\n        self.hits = {}\n        self._lock = threading.Lock()\n\n    def hit(self, key):\n        with self._lock:\n            self.hits[key] += 1\n",
    ),
    "SG-py-unchecked-first": (
        "python",
        "def owner_email(session, team_id):\n    team = session.query(Team).filter_by(id=team_id).first()\n    return team.owner.email\n",
        "def owner_email(session, team_id):\n    team = session.query(Team).filter_by(id=team_id).first()\n    if team is None:\n        raise TeamNotFound(team_id)\n    return team.owner.email\n",
    ),
    "SG-js-unchecked-find": (
        "javascript",
        "function label(items, id) {\n  const item = items.find((i) => i.id === id);\n  return item.label;\n}\n",
        "function label(items, id) {\n  const item = items.find((i) => i.id === id);\n  if (!item) return '';\n  return item.label;\n}\n",
    ),
    "SG-js-unawaited-result": (
        "javascript",
        "async function login(user, pw) {\n  const ok = bcrypt.compare(pw, user.hash);\n  if (!ok) throw new Error('denied');\n}\n",
        "async function login(user, pw) {\n  const ok = await bcrypt.compare(pw, user.hash);\n  if (!ok) throw new Error('denied');\n}\n",
    ),
    "SG-js-send-without-return": (
        "javascript",
        "router.get('/a/:id', async (req, res) => {\n  const a = await load(req.params.id);\n  if (!a) {\n    res.status(404).json({ error: 'no' });\n  }\n  res.json(a);\n});\n",
        "router.get('/a/:id', async (req, res) => {\n  const a = await load(req.params.id);\n  if (!a) {\n    return res.status(404).json({ error: 'no' });\n  }\n  res.json(a);\n});\n",
    ),
    "SG-js-stale-state": (
        "javascript",
        "function Clock() {\n  const [n, setN] = useState(0);\n  useEffect(() => {\n    const t = setInterval(() => setN(n + 1), 1000);\n    return () => clearInterval(t);\n  }, []);\n  return n;\n}\n",
        "function Clock() {\n  const [n, setN] = useState(0);\n  useEffect(() => {\n    const t = setInterval(() => setN((prev) => prev + 1), 1000);\n    return () => clearInterval(t);\n  }, []);\n  return n;\n}\n",
    ),
    "SG-py-page-offset": (
        "python",
        "def page_of(rows, page, size=20):\n    start = page * size\n    return rows[start:start + size]\n",
        "def page_of(rows, page, size=20):\n    start = (page - 1) * size\n    return rows[start:start + size]\n",
    ),
    "SG-py-float-money": (
        "python",
        "def invoice_total(lines):\n    subtotal = 0.0\n    for line in lines:\n        subtotal += line.price * line.qty\n    return subtotal\n",
        "def invoice_total(lines):\n    subtotal = Decimal('0')\n    for line in lines:\n        subtotal += line.price * line.qty\n    return subtotal\n",
    ),
    "SG-sql-integer-division": (
        "sql",
        "SELECT team, count(*) FILTER (WHERE done) * 100 / count(*) AS pct FROM tasks GROUP BY team;\n",
        "SELECT team, round(100.0 * count(*) FILTER (WHERE done) / count(*), 1) AS pct FROM tasks GROUP BY team;\n",
    ),
    "SG-sql-execute-concat": (
        "sql",
        "BEGIN\n  EXECUTE 'DELETE FROM logs WHERE owner = ''' || p_owner || '''';\nEND;\n",
        "BEGIN\n  EXECUTE 'DELETE FROM logs WHERE owner = $1' USING p_owner;\nEND;\n",
    ),
    "SG-regex-nested-quantifier": (
        "javascript",
        "const EMAIL = /^([a-zA-Z0-9_.-]+)+@example\\.com$/;\n",
        "const EMAIL = /^[a-zA-Z0-9_.-]+@example\\.com$/;\n",
    ),
    "SG-ssrf-py-json": (
        "python",
        "@app.post('/hooks/test')\ndef test_hook():\n    url = request.get_json()['url']\n    return str(requests.get(url, timeout=5).status_code)\n",
        "@app.post('/hooks/test')\ndef test_hook():\n    hook = Hook.query.get(request.get_json()['id'])\n    return str(requests.get(hook.url, timeout=5).status_code)\n",
    ),
    "SG-js-command-injection": (
        "javascript",
        "function thumb(name) {\n  return execSync(`convert uploads/${name} -resize 100 thumbs/${name}`);\n}\n",
        "function thumb(name) {\n  return execFileSync('convert', [`uploads/${name}`, '-resize', '100', `thumbs/${name}`]);\n}\n",
    ),
    "SG-js-insecure-random": (
        "javascript",
        "function resetToken() {\n  return Math.random().toString(36).slice(2);\n}\n",
        "function resetToken() {\n  return crypto.randomBytes(24).toString('hex');\n}\n",
    ),
    "SG-go-weak-hash": (
        "go",
        "func fingerprint(pw string) string {\n\tsum := md5.Sum([]byte(pw))\n\treturn hex.EncodeToString(sum[:])\n}\n",
        "func fingerprint(data string) string {\n\tsum := sha256.Sum256([]byte(data))\n\treturn hex.EncodeToString(sum[:])\n}\n",
    ),
    "SG-go-narrow-multiply": (
        "go",
        "func total(qty int32, cents int32) int64 {\n\treturn int64(qty * cents)\n}\n",
        "func total(qty int32, cents int32) int64 {\n\treturn int64(qty) * int64(cents)\n}\n",
    ),
    "SG-go-client-no-timeout": (
        "go",
        "var client = &http.Client{Transport: tr}\n",
        "var client = &http.Client{Transport: tr, Timeout: 10 * time.Second}\n",
    ),
    "SG-retry-no-backoff-go": (
        "go",
        "func send(c *Client, b []byte) error {\n\tvar err error\n\tfor attempt := 0; attempt < 5; attempt++ {\n\t\tif err = c.Post(b); err == nil {\n\t\t\treturn nil\n\t\t}\n\t}\n\treturn err\n}\n",
        "func send(c *Client, b []byte) error {\n\tvar err error\n\tfor attempt := 0; attempt < 5; attempt++ {\n\t\tif err = c.Post(b); err == nil {\n\t\t\treturn nil\n\t\t}\n\t\ttime.Sleep(time.Duration(1<<attempt) * time.Second)\n\t}\n\treturn err\n}\n",
    ),
    "SG-retry-no-backoff-py": (
        "python",
        "def push(client, body):\n    for attempt in range(5):\n        if client.post(body).ok:\n            return True\n    return False\n",
        "def push(client, body):\n    for attempt in range(5):\n        if client.post(body).ok:\n            return True\n        time.sleep(2 ** attempt)\n    return False\n",
    ),
    "SG-sql-left-join-where": (
        "sql",
        "SELECT a.id, count(o.id)\n  FROM accounts a\n  LEFT JOIN orders o ON o.account_id = a.id\n WHERE o.created_at >= now() - interval '30 days'\n GROUP BY a.id;\n",
        "SELECT a.id, count(o.id)\n  FROM accounts a\n  LEFT JOIN orders o ON o.account_id = a.id AND o.created_at >= now() - interval '30 days'\n GROUP BY a.id;\n",
    ),
    "SG-sql-not-in-subquery": (
        "sql",
        "SELECT id FROM users WHERE id NOT IN (SELECT user_id FROM bans);\n",
        "SELECT id FROM users u WHERE NOT EXISTS (SELECT 1 FROM bans b WHERE b.user_id = u.id);\n",
    ),
    "SG-sql-update-without-where": (
        "sql",
        "UPDATE sessions SET revoked_at = now();\n",
        "UPDATE sessions SET revoked_at = now() WHERE user_id = p_user;\n",
    ),
    "SG-sql-format-s": (
        "sql",
        "BEGIN\n  RETURN QUERY EXECUTE format('SELECT * FROM t WHERE region = ''%s''', p_region);\nEND;\n",
        "BEGIN\n  RETURN QUERY EXECUTE format('SELECT * FROM t WHERE region = %L', p_region);\nEND;\n",
    ),
    "SG-js-exec-template": (
        "javascript",
        "async function zip(dir) {\n  await execAsync(`zip -r out.zip ${dir}`);\n}\n",
        "async function zip(dir) {\n  await execFileAsync('zip', ['-r', 'out.zip', dir]);\n}\n",
    ),
    "SG-js-prototype-pollution": (
        "javascript",
        "function deepMerge(t, s) {\n  for (const k of Object.keys(s)) {\n    t[k] = s[k];\n  }\n  return t;\n}\n",
        "function deepMerge(t, s) {\n  for (const k of Object.keys(s)) {\n    if (k === '__proto__' || k === 'constructor') continue;\n    t[k] = s[k];\n  }\n  return t;\n}\n",
    ),
    "SG-jwt-not-verified": (
        "javascript",
        "function user(token) {\n  return jwt.decode(token).sub;\n}\n",
        "function user(token) {\n  return jwt.verify(token, KEY, { algorithms: ['RS256'] }).sub;\n}\n",
    ),
    "SG-py-idor": (
        "python",
        "@login_required\ndef invoice(request, invoice_id):\n    inv = Invoice.objects.get(pk=invoice_id)\n    return render(request, 'inv.html', {'inv': inv})\n",
        "@login_required\ndef invoice(request, invoice_id):\n    inv = Invoice.objects.get(pk=invoice_id, account=request.user.account)\n    return render(request, 'inv.html', {'inv': inv})\n",
    ),
    "SG-py-except-pass": (
        "python",
        "def charge(inv):\n    try:\n        gateway.charge(inv)\n    except GatewayError:\n        pass\n    inv.paid = True\n",
        "def charge(inv):\n    try:\n        gateway.charge(inv)\n    except GatewayError:\n        log.exception('charge failed')\n        raise\n    inv.paid = True\n",
    ),
    "SG-py-unawaited-asyncio": (
        "python",
        "async def retry(fn):\n    for _ in range(3):\n        if await fn():\n            return\n        asyncio.sleep(1)\n",
        "async def retry(fn):\n    for _ in range(3):\n        if await fn():\n            return\n        await asyncio.sleep(1)\n",
    ),
    "SG-js-foreach-async": (
        "javascript",
        "async function notify(ids) {\n  ids.forEach(async (id) => {\n    await mail.send(id);\n  });\n}\n",
        "async function notify(ids) {\n  for (const id of ids) {\n    await mail.send(id);\n  }\n}\n",
    ),
    "SG-open-redirect-js": (
        "javascript",
        "app.get('/login/done', (req, res) => {\n  res.redirect(req.query.next);\n});\n",
        "app.get('/login/done', (req, res) => {\n  res.redirect('/dashboard');\n});\n",
    ),
    "SG-cors-reflect-origin": (
        "javascript",
        "app.use((req, res, next) => {\n  res.setHeader('Access-Control-Allow-Origin', req.headers.origin);\n  next();\n});\n",
        "app.use((req, res, next) => {\n  if (ALLOWED.has(req.headers.origin)) res.setHeader('Vary', 'Origin');\n  next();\n});\n",
    ),
    "SG-page-offset-js@clamped": (
        "typescript",
        "export function pageOf<T>(rows: T[], page: number, size = 20) {\n  const pages = Math.max(1, Math.ceil(rows.length / size));\n  const current = Math.min(Math.max(1, page), pages);\n  const start = current * size;\n  return rows.slice(start, start + size);\n}\n",
        "export function pageOf<T>(rows: T[], page: number, size = 20) {\n  const pages = Math.max(1, Math.ceil(rows.length / size));\n  const current = Math.min(Math.max(1, page), pages);\n  const start = (current - 1) * size;\n  return rows.slice(start, start + size);\n}\n",
    ),
    "SG-page-offset-js": (
        "javascript",
        "function pageOf(rows, page, size) {\n  const start = page * size;\n  return rows.slice(start, start + size);\n}\n",
        "function pageOf(rows, page, size) {\n  const start = (page - 1) * size;\n  return rows.slice(start, start + size);\n}\n",
    ),
    "SG-java-sql-concat": (
        "java",
        'class Repo {\n  List<User> byName(Statement st, String name) throws SQLException {\n    ResultSet rs = st.executeQuery("SELECT id FROM users WHERE name = \'" + name + "\'");\n    return map(rs);\n  }\n}\n',
        'class Repo {\n  List<User> byName(Connection c, String name) throws SQLException {\n    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM users WHERE name = ?")) {\n      ps.setString(1, name);\n      return map(ps.executeQuery());\n    }\n  }\n}\n',
    ),
    "SG-java-string-identity": (
        "java",
        'class Auth {\n  boolean isAdmin(User u) {\n    return u.getRole() == "ADMIN";\n  }\n}\n',
        'class Auth {\n  boolean isAdmin(User u) {\n    return "ADMIN".equals(u.getRole());\n  }\n}\n',
    ),
    "SG-java-empty-catch": (
        "java",
        "class Mailer {\n  void send(Mail m) {\n    try {\n      smtp.send(m);\n    } catch (MessagingException e) {\n    }\n  }\n}\n",
        'class Mailer {\n  void send(Mail m) {\n    try {\n      smtp.send(m);\n    } catch (MessagingException e) {\n      log.warn("mail failed", e);\n    }\n  }\n}\n',
    ),
    "SG-java-stream-leak": (
        "java",
        "class Loader {\n  String first(String path) throws IOException {\n    BufferedReader r = new BufferedReader(new FileReader(path));\n    return r.readLine();\n  }\n}\n",
        "class Loader {\n  String first(String path) throws IOException {\n    try (BufferedReader r = new BufferedReader(new FileReader(path))) {\n      return r.readLine();\n    }\n  }\n}\n",
    ),
    "SG-java-weak-hash": (
        "java",
        'class Hasher {\n  byte[] hash(byte[] pw) throws Exception {\n    return MessageDigest.getInstance("MD5").digest(pw);\n  }\n}\n',
        'class Hasher {\n  byte[] hash(byte[] data) throws Exception {\n    return MessageDigest.getInstance("SHA-256").digest(data);\n  }\n}\n',
    ),
    "SG-java-insecure-random": (
        "java",
        "class Codes {\n  String resetCode() {\n    return String.valueOf(100000 + new Random().nextInt(900000));\n  }\n}\n",
        "class Codes {\n  private static final SecureRandom RNG = new SecureRandom();\n  String resetCode() {\n    return String.valueOf(100000 + RNG.nextInt(900000));\n  }\n}\n",
    ),
    "SG-java-narrow-multiply@int-locals": (
        "java",
        "class Quota {\n    static final long GB = 1L << 30;\n    long limit(Plan plan) {\n        int seats = plan.getSeats();\n        int perSeat = plan.getGbPerSeat();\n        return perSeat * seats * GB;\n    }\n}\n",
        "class Quota {\n    static final long GB = 1L << 30;\n    long limit(Plan plan) {\n        int seats = plan.getSeats();\n        int perSeat = plan.getGbPerSeat();\n        return (long) perSeat * seats * GB;\n    }\n}\n",
    ),
    "SG-java-narrow-multiply": (
        "java",
        "class Money {\n  long total(int qty, int cents) {\n    return (long) (qty * cents);\n  }\n}\n",
        "class Money {\n  long total(int qty, int cents) {\n    return (long) qty * cents;\n  }\n}\n",
    ),
    "SG-java-concurrent-modification": (
        "java",
        "class Cart {\n  void dropFree(List<Item> items) {\n    for (Item i : items) {\n      if (i.price() == 0) {\n        items.remove(i);\n      }\n    }\n  }\n}\n",
        "class Cart {\n  void dropFree(List<Item> items) {\n    items.removeIf(i -> i.price() == 0);\n  }\n}\n",
    ),
    "SG-java-optional-get": (
        "java",
        "class Svc {\n  Order load(long id) {\n    return repo.findById(id).get();\n  }\n}\n",
        "class Svc {\n  Order load(long id) {\n    return repo.findById(id).orElseThrow(() -> new NotFound(id));\n  }\n}\n",
    ),
    "SG-java-sql-concat-literal": (
        "java",
        'class Repo {\n  List<Row> find(String name) {\n    String sql = "SELECT id FROM customers "\n        + "WHERE name LIKE \'" + name + "%\'";\n    return jdbc.query(sql, mapper);\n  }\n}\n',
        'class Repo {\n  List<Row> find(String name) {\n    String sql = "SELECT id FROM customers "\n        + "WHERE name LIKE ?";\n    return jdbc.query(sql, mapper, name + "%");\n  }\n}\n',
    ),
    "SG-js-loose-boolean": (
        "javascript",
        "function enabled() {\n  return process.env.FEATURE_X == true;\n}\n",
        "function enabled() {\n  return process.env.FEATURE_X === 'true';\n}\n",
    ),
    "SG-hardcoded-password": (
        "go",
        'const (\n\tdbUser     = "billing"\n\tdbPassword = "Zq8#pLm2!vR4"\n)\n',
        'var (\n\tdbUser     = "billing"\n\tdbPassword = os.Getenv("DB_PASSWORD")\n)\n',
    ),
    "SG-secret-logged": (
        "python",
        'def refresh(client, log):\n    token = client.refresh()\n    log.info("refreshed %s", token)\n',
        'def refresh(client, log):\n    token = client.refresh()\n    log.info("refreshed token for %s", client.id)\n',
    ),
    "SG-secret-logged@java": (
        "java",
        'void charge(Order o) {\n    log.info("charging card {}", o.getCardNumber());\n}\n',
        'void charge(Order o) {\n    log.info("charging card ending {}", o.getCardLast4());\n}\n',
    ),
    "SG-provider-key": (
        "javascript",
        "const stripe = require('stripe')('sk_live_51Hx9aQ2eZvKYlo2C8bQw3Lr');\n",
        "const stripe = require('stripe')(process.env.STRIPE_SECRET_KEY);\n",
    ),
    "SG-tls-unverified-py": (
        "python",
        "def client(token):\n    s = requests.Session()\n    s.verify = False\n    return s\n",
        "def client(token):\n    s = requests.Session()\n    s.verify = CA_BUNDLE\n    return s\n",
    ),
    "SG-go-command-injection@variable": (
        "go",
        'func thumb(name string) error {\n\tcmd := "convert " + name + " -resize 64x64 thumb.png"\n\treturn exec.Command("sh", "-c", cmd).Run()\n}\n',
        'func thumb(name string) error {\n\treturn exec.Command("convert", name, "-resize", "64x64", "thumb.png").Run()\n}\n',
    ),
    "SG-regex-nested-quantifier@optional": (
        "python",
        'WORDS = re.compile(r"^(\\w+\\s?)+$")\n',
        'WORDS = re.compile(r"^\\w+(?:\\s\\w+)*$")\n',
    ),
    "SG-sql-update-without-where@limit": (
        "sql",
        "DELETE FROM audit_log ORDER BY created_at LIMIT 1000;\n",
        "DELETE FROM audit_log WHERE created_at < now() - INTERVAL 90 DAY ORDER BY created_at LIMIT 1000;\n",
    ),
    "SG-go-rows-not-closed": (
        "go",
        'func names(db *sql.DB) ([]string, error) {\n\trows, err := db.Query("SELECT name FROM users")\n\tif err != nil {\n\t\treturn nil, err\n\t}\n\tvar out []string\n\tfor rows.Next() {\n\t\tvar n string\n\t\trows.Scan(&n)\n\t\tout = append(out, n)\n\t}\n\treturn out, nil\n}\n',
        'func names(db *sql.DB) ([]string, error) {\n\trows, err := db.Query("SELECT name FROM users")\n\tif err != nil {\n\t\treturn nil, err\n\t}\n\tdefer rows.Close()\n\tvar out []string\n\tfor rows.Next() {\n\t\tvar n string\n\t\trows.Scan(&n)\n\t\tout = append(out, n)\n\t}\n\treturn out, nil\n}\n',
    ),
    "SG-go-goroutine-leak": (
        "go",
        'func fetch(url string) (string, error) {\n\tch := make(chan string)\n\tgo func() { ch <- get(url) }()\n\tselect {\n\tcase body := <-ch:\n\t\treturn body, nil\n\tcase <-time.After(time.Second):\n\t\treturn "", errTimeout\n\t}\n}\n',
        'func fetch(url string) (string, error) {\n\tch := make(chan string, 1)\n\tgo func() { ch <- get(url) }()\n\tselect {\n\tcase body := <-ch:\n\t\treturn body, nil\n\tcase <-time.After(time.Second):\n\t\treturn "", errTimeout\n\t}\n}\n',
    ),
    "SG-java-shared-date-format": (
        "java",
        'class Stamps {\n    private static final SimpleDateFormat FMT = new SimpleDateFormat("yyyy-MM-dd");\n    String day(Date d) { return FMT.format(d); }\n}\n',
        'class Stamps {\n    private static final DateTimeFormatter FMT = DateTimeFormatter.ofPattern("yyyy-MM-dd");\n    String day(LocalDate d) { return FMT.format(d); }\n}\n',
    ),
    "SG-sql-between-dates-on-timestamp": (
        "sql",
        "SELECT count(*) FROM orders\nWHERE created_at BETWEEN '2026-01-01' AND '2026-01-31';\n",
        "SELECT count(*) FROM orders\nWHERE created_at >= '2026-01-01' AND created_at < '2026-02-01';\n",
    ),
    "SG-sql-divide-by-sum": (
        "sql",
        "SELECT page, SUM(clicks) / SUM(views) AS ctr FROM stats GROUP BY page;\n",
        "SELECT page, SUM(clicks) / NULLIF(SUM(views), 0) AS ctr FROM stats GROUP BY page;\n",
    ),
    "SG-js-string-plus-number": (
        "javascript",
        "app.post('/cart', (req, res) => {\n  const qty = req.body.qty;\n  const total = cart.count + qty;\n  res.json({ total });\n});\n",
        "app.post('/cart', (req, res) => {\n  const qty = Number(req.body.qty);\n  const total = cart.count + qty;\n  res.json({ total });\n});\n",
    ),
    "SG-ssrf-destructured": (
        "typescript",
        "router.post('/preview', async (req, res) => {\n  const { url } = req.body as { url?: string };\n  const page = await fetch(url);\n  res.send(await page.text());\n});\n",
        "router.post('/preview', async (req, res) => {\n  const { url } = req.body as { url?: string };\n  const page = await fetch(allowed(url));\n  res.send(await page.text());\n});\n",
    ),
    "SG-ssrf-destructured@parsed": (
        "typescript",
        "router.post('/preview', async (req, res) => {\n  const { url } = req.body as { url?: string };\n  let target: URL;\n  try {\n    target = new URL(String(url));\n  } catch {\n    return res.status(400).end();\n  }\n  const page = await fetch(target, { redirect: 'follow' });\n  res.send(await page.text());\n});\n",
        "router.post('/preview', async (req, res) => {\n  const { url } = req.body as { url?: string };\n  let target: URL;\n  try {\n    target = safeUrl(String(url));\n  } catch {\n    return res.status(400).end();\n  }\n  const page = await fetch(target, { redirect: 'follow' });\n  res.send(await page.text());\n});\n",
    ),
    "SG-js-unhandled-then": (
        "typescript",
        "function ping(http: Http, url: string): void {\n  http.post(url, '{}').then((res) => log(res.status));\n}\n",
        "function ping(http: Http, url: string): void {\n  http.post(url, '{}').then((res) => log(res.status)).catch((err) => log(err));\n}\n",
    ),
    "SG-js-var-loop-capture": (
        "javascript",
        "function remind(users) {\n  for (var i = 0; i < users.length; i++) {\n    setTimeout(() => send(users[i].email), 1000);\n  }\n}\n",
        "function remind(users) {\n  for (let i = 0; i < users.length; i++) {\n    setTimeout(() => send(users[i].email), 1000);\n  }\n}\n",
    ),
    "SG-java-csrf-disabled": (
        "java",
        'SecurityFilterChain chain(HttpSecurity http) throws Exception {\n    http.formLogin(f -> f.loginPage("/login"))\n        .csrf(csrf -> csrf.disable());\n    return http.build();\n}\n',
        'SecurityFilterChain chain(HttpSecurity http) throws Exception {\n    http.formLogin(f -> f.loginPage("/login"))\n        .csrf(Customizer.withDefaults());\n    return http.build();\n}\n',
    ),
    "SG-js-get-cast": (
        "typescript",
        "export function owner(id: string): string {\n  const session = cache.get(id) as Session;\n  return session.userId;\n}\n",
        "export function owner(id: string): string | null {\n  const session = cache.get(id);\n  return session ? session.userId : null;\n}\n",
    ),
    "SG-java-map-get-unchecked": (
        "java",
        "class Prices {\n    private final Map<String, Price> bySku = new HashMap<>();\n    long cents(String sku) {\n        Price p = bySku.get(sku);\n        return p.getCents();\n    }\n}\n",
        "class Prices {\n    private final Map<String, Price> bySku = new HashMap<>();\n    long cents(String sku) {\n        Price p = bySku.get(sku);\n        if (p == null) throw new UnknownSku(sku);\n        return p.getCents();\n    }\n}\n",
    ),
    "SG-sql-fstring@fragment": (
        "python",
        'def find(conn, status):\n    sql = "SELECT id FROM invoices WHERE paid"\n    sql += f" AND status = \'{status}\'"\n    return conn.execute(sql)\n',
        'def find(conn, status):\n    sql = "SELECT id FROM invoices WHERE paid AND status = %s"\n    return conn.execute(sql, (status,))\n',
    ),
    "SG-go-error-dropped@method": (
        "go",
        "func (h *Hook) ServeHTTP(w http.ResponseWriter, r *http.Request) {\n\tvar evt Event\n\tjson.Unmarshal(h.body, &evt)\n\th.handle(evt)\n}\n",
        'func (h *Hook) ServeHTTP(w http.ResponseWriter, r *http.Request) {\n\tvar evt Event\n\tif err := json.Unmarshal(h.body, &evt); err != nil {\n\t\thttp.Error(w, "bad event", 400)\n\t\treturn\n\t}\n\th.handle(evt)\n}\n',
    ),
    "SG-java-sql-concat@literals": (
        "java",
        'List<Row> find(JdbcTemplate jdbc, String id) {\n    return jdbc.query("SELECT * FROM t " + "WHERE id = " + id, MAPPER);\n}\n',
        'List<Row> find(JdbcTemplate jdbc, String id) {\n    return jdbc.query("SELECT * FROM t " + "WHERE id = ?", MAPPER, id);\n}\n',
    ),
    "SG-java-insecure-random-field": (
        "java",
        "class Keys {\n    private final Random random = new Random();\n    String newKey() {\n        return Long.toHexString(random.nextLong());\n    }\n}\n",
        "class Keys {\n    private final SecureRandom random = new SecureRandom();\n    String newKey() {\n        return Long.toHexString(random.nextLong());\n    }\n}\n",
    ),
    "SG-java-integer-percent": (
        "java",
        "class Seats {\n    int percent(int used, int limit) {\n        int p = used / limit * 100;\n        return p;\n    }\n}\n",
        "class Seats {\n    int percent(int used, int limit) {\n        int p = used * 100 / limit;\n        return p;\n    }\n}\n",
    ),
    "SG-js-float-money": (
        "javascript",
        "function total(items) {\n  let sum = 0;\n  for (const i of items) sum += parseFloat(i.unitPrice) * i.qty;\n  return sum;\n}\n",
        "function total(items) {\n  let sum = 0;\n  for (const i of items) sum += i.unitPriceCents * i.qty;\n  return sum;\n}\n",
    ),
    "SG-js-unawaited-async-local": (
        "typescript",
        "async function allowed(id: string): Promise<boolean> {\n  return (await db.find(id)) !== null;\n}\nexport async function run(id: string) {\n  const ok = allowed(id);\n  if (!ok) throw new Error('no');\n}\n",
        "async function allowed(id: string): Promise<boolean> {\n  return (await db.find(id)) !== null;\n}\nexport async function run(id: string) {\n  const ok = await allowed(id);\n  if (!ok) throw new Error('no');\n}\n",
    ),
    "SG-hardcoded-password-setter": (
        "java",
        'DataSource ds() {\n    HikariConfig c = new HikariConfig();\n    c.setPassword("h7Kq2vLp9zR4");\n    return new HikariDataSource(c);\n}\n',
        'DataSource ds() {\n    HikariConfig c = new HikariConfig();\n    c.setPassword(System.getenv("DB_PASSWORD"));\n    return new HikariDataSource(c);\n}\n',
    ),
    "SG-js-unawaited-in-transaction": (
        "typescript",
        "export async function ship(db: Knex, ids: string[]) {\n  await db.transaction(async (trx) => {\n    for (const id of ids) {\n      repo.markShipped(trx, id);\n    }\n  });\n}\n",
        "export async function ship(db: Knex, ids: string[]) {\n  await db.transaction(async (trx) => {\n    for (const id of ids) {\n      await repo.markShipped(trx, id);\n    }\n  });\n}\n",
    ),
    "SG-java-stream-leak@factory": (
        "java",
        "int count(Path p) throws IOException {\n    BufferedReader r = Files.newBufferedReader(p);\n    int n = 0;\n    while (r.readLine() != null) n++;\n    return n;\n}\n",
        "int count(Path p) throws IOException {\n    try (BufferedReader r = Files.newBufferedReader(p)) {\n        int n = 0;\n        while (r.readLine() != null) n++;\n        return n;\n    }\n}\n",
    ),
    "SG-go-file-not-closed": (
        "go",
        'func sum(path string) (string, error) {\n\tf, err := os.Open(path)\n\tif err != nil {\n\t\treturn "", err\n\t}\n\th := sha256.New()\n\tio.Copy(h, f)\n\treturn hex.EncodeToString(h.Sum(nil)), nil\n}\n',
        'func sum(path string) (string, error) {\n\tf, err := os.Open(path)\n\tif err != nil {\n\t\treturn "", err\n\t}\n\tdefer f.Close()\n\th := sha256.New()\n\tio.Copy(h, f)\n\treturn hex.EncodeToString(h.Sum(nil)), nil\n}\n',
    ),
    "SG-java-secret-in-logged-string": (
        "java",
        'String token(String code) {\n    String form = "code=" + code + "&client_secret=" + clientSecret;\n    log.info("posting {}", form);\n    return post(form);\n}\n',
        'String token(String code) {\n    String form = "code=" + code + "&client_secret=" + clientSecret;\n    log.info("posting to {}", tokenEndpoint);\n    return post(form);\n}\n',
    ),
    "SG-hardcoded-password-setter@dollar": (
        "java",
        'void configure(HikariConfig c) {\n    c.setPassword("Wh$Prod-2023!pg");\n}\n',
        'void configure(HikariConfig c) {\n    c.setPassword("${WAREHOUSE_DB_PASSWORD}");\n}\n',
    ),
    "SG-py-session-no-timeout": (
        "python",
        "import requests\n\nclass Gateway:\n    def charge(self, body):\n        return self._session.post(URL, json=body)\n",
        "import requests\n\nclass Gateway:\n    def charge(self, body):\n        return self._session.post(URL, json=body, timeout=10)\n",
    ),
    "SG-java-int-time-overflow": (
        "java",
        "class Ttl {\n  long expiry(long now, int days) {\n    int ttl = days * 24 * 60 * 60 * 1000;\n    return now + ttl;\n  }\n}\n",
        "class Ttl {\n  long expiry(long now, int days) {\n    long ttl = days * 24L * 60 * 60 * 1000;\n    return now + ttl;\n  }\n}\n",
    ),
    "SG-js-mass-assignment": (
        "javascript",
        "async function updateProfile(req, res) {\n  const user = await User.findByPk(req.user.id);\n  Object.assign(user, req.body);\n  await user.save();\n}\n",
        "async function updateProfile(req, res) {\n  const user = await User.findByPk(req.user.id);\n  user.displayName = req.body.displayName;\n  await user.save();\n}\n",
    ),
    "SG-java-singleton-hashmap": (
        "java",
        "@Service\nclass Quotas {\n  private final Map<String, Integer> used = new HashMap<>();\n  int use(String key) { return used.merge(key, 1, Integer::sum); }\n}\n",
        "@Service\nclass Quotas {\n  private final Map<String, Integer> used = new ConcurrentHashMap<>();\n  int use(String key) { return used.merge(key, 1, Integer::sum); }\n}\n",
    ),
    "SG-java-nested-locks": (
        "java",
        "class Bank {\n  void move(Account a, Account b, long c) {\n    synchronized (a) {\n      synchronized (b) {\n        a.take(c);\n        b.give(c);\n      }\n    }\n  }\n}\n",
        "class Bank {\n  private final Object lock = new Object();\n  void move(Account a, Account b, long c) {\n    synchronized (lock) {\n      a.take(c);\n      b.give(c);\n    }\n  }\n}\n",
    ),
    "SG-go-find-nil-deref": (
        "go",
        "func f(r *Repo, id string) (bool, error) {\n\tacct, err := r.FindByID(id)\n\tif err != nil {\n\t\treturn false, err\n\t}\n\treturn acct.Active, nil\n}\n",
        "func f(r *Repo, id string) (bool, error) {\n\tacct, err := r.FindByID(id)\n\tif err != nil {\n\t\treturn false, err\n\t}\n\tif acct == nil {\n\t\treturn false, ErrNotFound\n\t}\n\treturn acct.Active, nil\n}\n",
    ),
    "SG-go-unbounded-body": (
        "go",
        "func upload(w http.ResponseWriter, r *http.Request) {\n\tdata, err := io.ReadAll(r.Body)\n\tif err != nil {\n\t\treturn\n\t}\n\tsave(data)\n}\n",
        "func upload(w http.ResponseWriter, r *http.Request) {\n\tr.Body = http.MaxBytesReader(w, r.Body, 1<<20)\n\tdata, err := io.ReadAll(r.Body)\n\tif err != nil {\n\t\treturn\n\t}\n\tsave(data)\n}\n",
    ),
    "SG-go-errorf-verb-v": (
        "go",
        'func load(id string) (*Order, error) {\n\to, err := fetch(id)\n\tif err != nil {\n\t\treturn nil, fmt.Errorf("load order %s: %v", id, err)\n\t}\n\treturn o, nil\n}\n',
        'func load(id string) (*Order, error) {\n\to, err := fetch(id)\n\tif err != nil {\n\t\treturn nil, fmt.Errorf("load order %s: %w", id, err)\n\t}\n\treturn o, nil\n}\n',
    ),
    "SG-go-err-branch-falls-through": (
        "go",
        'func show(w http.ResponseWriter, id string) {\n\tacct, err := store.Account(id)\n\tif err != nil {\n\t\thttp.Error(w, "not found", 404)\n\t}\n\tfmt.Fprintln(w, acct.Owner)\n}\n',
        'func show(w http.ResponseWriter, id string) {\n\tacct, err := store.Account(id)\n\tif err != nil {\n\t\thttp.Error(w, "not found", 404)\n\t\treturn\n\t}\n\tfmt.Fprintln(w, acct.Owner)\n}\n',
    ),
    "SG-ts-find-non-null": (
        "typescript",
        "function ownerEmail(teams: Team[], id: string): string {\n  const team = teams.find((t) => t.id === id)!;\n  return team.ownerEmail;\n}\n",
        "function ownerEmail(teams: Team[], id: string): string {\n  const team = teams.find((t) => t.id === id);\n  if (!team) throw new Error(`no team ${id}`);\n  return team.ownerEmail;\n}\n",
    ),
    "SG-js-mass-assignment-instance": (
        "javascript",
        "async function edit(req, res) {\n  const doc = await Doc.findByPk(req.params.id);\n  doc.set(req.body);\n  await doc.save();\n}\n",
        "async function edit(req, res) {\n  const doc = await Doc.findByPk(req.params.id);\n  doc.set({ title: req.body.title });\n  await doc.save();\n}\n",
    ),
    "SG-log-whole-object@response-body": (
        "typescript",
        "export async function exchange(code: string) {\n  const res = await fetch(TOKEN_URL, { method: 'POST', body: form(code) });\n  const body = await res.json();\n  logger.info({ user: body.user_id, response: body }, 'token exchange ok');\n  return body.access_token;\n}\n",
        "export async function exchange(code: string) {\n  const res = await fetch(TOKEN_URL, { method: 'POST', body: form(code) });\n  const body = await res.json();\n  logger.info({ user: body.user_id }, 'token exchange ok');\n  return body.access_token;\n}\n",
    ),
    "SG-log-whole-object": (
        "typescript",
        "export function charge(input: ChargeInput) {\n  logger.info('charging', { ...input });\n  return gateway.charge(input);\n}\n",
        "export function charge(input: ChargeInput) {\n  logger.info('charging', { orderId: input.orderId });\n  return gateway.charge(input);\n}\n",
    ),
    "SG-check-then-act-query": (
        "javascript",
        "async function claim(db, id, user) {\n  const { rows } = await db.query('SELECT owner FROM lockers WHERE id = $1', [id]);\n  if (rows[0].owner) return false;\n  await db.query('UPDATE lockers SET owner = $1 WHERE id = $2', [user, id]);\n  return true;\n}\n",
        "async function claim(db, id, user) {\n  const r = await db.query('UPDATE lockers SET owner = $1 WHERE id = $2 AND owner IS NULL', [user, id]);\n  return r.rowCount === 1;\n}\n",
    ),
    "SG-check-then-act-query@typed": (
        "typescript",
        "async function take(pool: Pool, sku: string, n: number) {\n  const { rows } = await pool.query<{ qty: number }>('SELECT qty FROM stock WHERE sku = $1', [sku]);\n  if (rows[0].qty < n) throw new Error('short');\n  await pool.query('UPDATE stock SET qty = $1 WHERE sku = $2', [rows[0].qty - n, sku]);\n}\n",
        "async function take(pool: Pool, sku: string, n: number) {\n  const r = await pool.query<{ qty: number }>('UPDATE stock SET qty = qty - $1 WHERE sku = $2 AND qty >= $1 RETURNING qty', [n, sku]);\n  if (r.rowCount === 0) throw new Error('short');\n}\n",
    ),
    "SG-js-unawaited-in-transaction@prisma": (
        "typescript",
        "export async function close(id: string) {\n  await prisma.$transaction(async (tx) => {\n    tx.ticket.update({ where: { id }, data: { open: false } });\n    await tx.event.create({ data: { ticketId: id, kind: 'closed' } });\n  });\n}\n",
        "export async function close(id: string) {\n  await prisma.$transaction(async (tx) => {\n    await tx.ticket.update({ where: { id }, data: { open: false } });\n    await tx.event.create({ data: { ticketId: id, kind: 'closed' } });\n  });\n}\n",
    ),
    "SG-sql-between-dates-on-timestamp@computed": (
        "sql",
        "SELECT count(*) FROM signups\nWHERE created_at BETWEEN date_trunc('week', now()) - interval '7 days'\n                     AND date_trunc('week', now()) - interval '1 day';\n",
        "SELECT count(*) FROM signups\nWHERE created_at >= date_trunc('week', now()) - interval '7 days'\n  AND created_at < date_trunc('week', now());\n",
    ),
    "SG-java-sql-concat-literal@append": (
        "java",
        'String find(String city) {\n    StringBuilder q = new StringBuilder("select s from Store s where s.open = true");\n    q.append(" and s.city = \'").append(city).append("\'");\n    return q.toString();\n}\n',
        'String find() {\n    StringBuilder q = new StringBuilder("select s from Store s where s.open = true");\n    q.append(" and s.city = :city");\n    return q.toString();\n}\n',
    ),
    "SG-java-boxed-identity": (
        "java",
        "class Orders {\n  boolean mine(Order o, User u) {\n    Long owner = o.getOwnerId();\n    Long me = u.getId();\n    return owner == me;\n  }\n}\n",
        "class Orders {\n  boolean mine(Order o, User u) {\n    Long owner = o.getOwnerId();\n    Long me = u.getId();\n    return owner.equals(me);\n  }\n}\n",
    ),
    "SG-path-traversal-flask-path": (
        "python",
        '@app.get("/files/<path:name>")\ndef fetch(name):\n    return send_file(os.path.join(ROOT, name))\n',
        '@app.get("/files/<path:name>")\ndef fetch(name):\n    return send_from_directory(ROOT, name)\n',
    ),
    "SG-go-open-redirect": (
        "go",
        'func (h *H) Back(c *gin.Context) {\n\tto := c.Query("to")\n\tc.Redirect(http.StatusFound, to)\n}\n',
        'func (h *H) Back(c *gin.Context) {\n\tto := c.Query("to")\n\tif !strings.HasPrefix(to, "/") || strings.HasPrefix(to, "//") {\n\t\tto = "/"\n\t}\n\tc.Redirect(http.StatusFound, to)\n}\n',
    ),
    "SG-sql-percent-of-counts": (
        "sql",
        "SELECT day, ROUND(100 * s.signups / NULLIF(s.visitors, 0), 1) AS rate\nFROM daily s;\n",
        "SELECT day, ROUND(100.0 * s.signups / NULLIF(s.visitors, 0), 1) AS rate\nFROM daily s;\n",
    ),
    "SG-js-login-body-logged": (
        "javascript",
        "router.post('/signin', async (req, res) => {\n  logger.info({ body: req.body }, 'sign-in');\n  res.sendStatus(204);\n});\n",
        "router.post('/signin', async (req, res) => {\n  logger.info({ email: req.body.email }, 'sign-in');\n  res.sendStatus(204);\n});\n",
    ),
    "SG-django-lost-update": (
        "python",
        "def like(request, pk):\n    post = Post.objects.get(pk=pk)\n    post.likes += 1\n    post.save(update_fields=['likes'])\n",
        "def like(request, pk):\n    Post.objects.filter(pk=pk).update(likes=F('likes') + 1)\n",
    ),
    "SG-ssrf-fastapi@stream": (
        "python",
        '@router.post("/fetch")\nasync def fetch(body: Req):\n    async with httpx.AsyncClient(timeout=5) as client:\n        async with client.stream("GET", body.url) as resp:\n            return resp.status_code\n',
        '@router.post("/fetch")\nasync def fetch(body: Req):\n    async with httpx.AsyncClient(timeout=5) as client:\n        async with client.stream("GET", PARTNER_URL) as resp:\n            return resp.status_code\n',
    ),
    "SG-js-xss-request-in-html": (
        "javascript",
        "router.get('/hello', (req, res) => {\n  const name = String(req.query.name || '');\n  res.send(`<h1>Hello ${name}</h1>`);\n});\n",
        "router.get('/hello', (req, res) => {\n  const name = String(req.query.name || '');\n  res.send(`<h1>Hello ${escapeHtml(name)}</h1>`);\n});\n",
    ),
    "SG-react-effect-no-deps": (
        "javascript",
        "function Flights({ day }) {\n  const [rows, setRows] = useState([]);\n  useEffect(() => {\n    load(day).then((r) => setRows(r));\n    setRows([]);\n  });\n  return rows.length;\n}\n",
        "function Flights({ day }) {\n  const [rows, setRows] = useState([]);\n  useEffect(() => {\n    load(day).then((r) => setRows(r));\n    setRows([]);\n  }, [day]);\n  return rows.length;\n}\n",
    ),
    "SG-env-password-fallback": (
        "typescript",
        "export const pool = new Pool({\n  user: 'app',\n  password: process.env.DB_PASSWORD ?? 'hunter2-prod',\n});\n",
        "export const pool = new Pool({\n  user: 'app',\n  password: requiredEnv('DB_PASSWORD'),\n});\n",
    ),
    "SG-env-password-fallback-py": (
        "python",
        "import os\n\nAPI_TOKEN = os.environ.get('BILLING_API_TOKEN', 'tok_4f9a8e7d6c')\n",
        "import os\n\nAPI_TOKEN = os.environ['BILLING_API_TOKEN']\n",
    ),
    "SG-java-xpath-concat": (
        "java",
        'class Cards {\n  Node find(XPath xp, Document doc, String id) throws Exception {\n    String expr = "/cards/card[@id=\'" + id + "\']";\n    return (Node) xp.evaluate(expr, doc, XPathConstants.NODE);\n  }\n}\n',
        'class Cards {\n  Node find(XPath xp, Document doc, String id) throws Exception {\n    xp.setXPathVariableResolver(v -> id);\n    return (Node) xp.evaluate("/cards/card[@id=$id]", doc, XPathConstants.NODE);\n  }\n}\n',
    ),
    "SG-java-ldap-filter-concat": (
        "java",
        'class People {\n  List<String> find(LdapTemplate ldap, String name) {\n    String filter = "(&(objectClass=person)(cn=" + name + "))";\n    return ldap.search("", filter, mapper);\n  }\n}\n',
        'class People {\n  List<String> find(LdapTemplate ldap, String name) {\n    return ldap.search(query().where("objectClass").is("person").and("cn").is(name), mapper);\n  }\n}\n',
    ),
    "SG-py-template-injection": (
        "python",
        "from flask import render_template_string, request\n\ndef greet():\n    name = request.args.get('name', '')\n    return render_template_string('<h1>Hi %s</h1>' % name)\n",
        "from flask import render_template_string, request\n\ndef greet():\n    name = request.args.get('name', '')\n    return render_template_string('<h1>Hi {{ name }}</h1>', name=name)\n",
    ),
    "SG-go-hardcoded-key": (
        "go",
        'package auth\n\nvar jwtSigningKey = []byte("studio-prod-signing-2024")\n',
        'package auth\n\nimport "os"\n\nvar jwtSigningKey = []byte(os.Getenv("JWT_SIGNING_KEY"))\n',
    ),
    "SG-idor-express": (
        "typescript",
        'router.get("/api/trips/:tripId", requireAuth, async (req, res) => {\n  const trip = await prisma.trip.findUnique({ where: { id: req.params.tripId } });\n  res.json(trip);\n});\n',
        'router.get("/api/trips/:tripId", requireAuth, async (req, res) => {\n  const trip = await prisma.trip.findFirst({ where: { id: req.params.tripId, ownerId: req.user.id } });\n  res.json(trip);\n});\n',
    ),
    "SG-idor-fastapi": (
        "python",
        '@router.get("/{trip_id}")\ndef trip(trip_id: int, user: User = Depends(get_current_user), db: Session = Depends(get_db)):\n    found = db.get(Trip, trip_id)\n    return found\n',
        '@router.get("/{trip_id}")\ndef trip(trip_id: int, user: User = Depends(get_current_user), db: Session = Depends(get_db)):\n    found = db.get(Trip, trip_id)\n    if found is None or found.owner_id != user.id:\n        raise HTTPException(404)\n    return found\n',
    ),
    "SG-idor-django": (
        "python",
        "@login_required\ndef receipt(request, receipt_id):\n    found = Receipt.objects.get(pk=receipt_id)\n    return JsonResponse(found.as_dict())\n",
        "@login_required\ndef receipt(request, receipt_id):\n    found = get_object_or_404(Receipt, pk=receipt_id, owner=request.user)\n    return JsonResponse(found.as_dict())\n",
    ),
    "SG-idor-spring": (
        "java",
        'class TripController {\n  @GetMapping("/{tripId}")\n  public Trip one(@PathVariable long tripId, @AuthenticationPrincipal AppUser me) {\n    return trips.findById(tripId).orElseThrow();\n  }\n}\n',
        'class TripController {\n  @GetMapping("/{tripId}")\n  public Trip one(@PathVariable long tripId, @AuthenticationPrincipal AppUser me) {\n    return trips.findByIdAndOwnerId(tripId, me.getId()).orElseThrow();\n  }\n}\n',
    ),
    "SG-idor-nest": (
        "typescript",
        "@Controller('trips')\n@UseGuards(JwtAuthGuard)\nexport class TripsController {\n  @Get(':id')\n  one(@Param('id') id: string) {\n    return this.trips.findOne({ where: { id } });\n  }\n}\n",
        "@Controller('trips')\n@UseGuards(JwtAuthGuard)\nexport class TripsController {\n  @Get(':id')\n  one(@Param('id') id: string, @Req() req: AuthedRequest) {\n    return this.trips.findOne({ where: { id, ownerId: req.user.id } });\n  }\n}\n",
    ),
    "SG-idor-next-route": (
        "typescript",
        "export async function GET(_req: Request, { params }: { params: { id: string } }) {\n  const session = await getServerSession(authOptions);\n  if (!session) return new Response(null, { status: 401 });\n  const trip = await prisma.trip.findUnique({ where: { id: params.id } });\n  return Response.json(trip);\n}\n",
        "export async function GET(_req: Request, { params }: { params: { id: string } }) {\n  const session = await getServerSession(authOptions);\n  if (!session) return new Response(null, { status: 401 });\n  const trip = await prisma.trip.findFirst({ where: { id: params.id, ownerId: session.user.id } });\n  return Response.json(trip);\n}\n",
    ),
    "SG-nest-unguarded-route": (
        "typescript",
        "@Controller('admin/trips')\nexport class TripsAdmin {\n  @Get()\n  @UseGuards(AdminGuard)\n  all() {\n    return this.trips.all();\n  }\n\n  @Delete(':id')\n  remove(@Param('id') id: string) {\n    return this.trips.remove(id);\n  }\n}\n",
        "@Controller('admin/trips')\nexport class TripsAdmin {\n  @Get()\n  @UseGuards(AdminGuard)\n  all() {\n    return this.trips.all();\n  }\n\n  @Delete(':id')\n  @UseGuards(AdminGuard)\n  remove(@Param('id') id: string) {\n    return this.trips.remove(id);\n  }\n}\n",
    ),
    "SG-sql-transfer-no-transaction": (
        "sql",
        "UPDATE wallets SET points = points - 50 WHERE id = 1;\nUPDATE wallets SET points = points + 50 WHERE id = 2;\n",
        "BEGIN;\nUPDATE wallets SET points = points - 50 WHERE id = 1;\nUPDATE wallets SET points = points + 50 WHERE id = 2;\nCOMMIT;\n",
    ),
    "SG-java-writes-no-transaction": (
        "java",
        "class Orders {\n  public Order place(Order o) {\n    stock.save(stock.reserve(o));\n    return orders.save(o);\n  }\n}\n",
        "class Orders {\n  @Transactional\n  public Order place(Order o) {\n    stock.save(stock.reserve(o));\n    return orders.save(o);\n  }\n}\n",
    ),
    "SG-js-csrf-get": (
        "javascript",
        "app.get('/subs/:id/stop', auth, async (req, res) => {\n  await subs.deactivate(req.params.id);\n  res.redirect('/');\n});\n",
        "app.post('/subs/:id/stop', auth, csrf, async (req, res) => {\n  await subs.deactivate(req.params.id);\n  res.redirect('/');\n});\n",
    ),
    "SG-js-unbounded-cache": (
        "javascript",
        "const rateCache = new Map();\nasync function rate(code) {\n  if (!rateCache.has(code)) rateCache.set(code, await fetchRate(code));\n  return rateCache.get(code);\n}\n",
        "const rateCache = new Map();\nasync function rate(code) {\n  if (rateCache.size > 100) rateCache.clear();\n  if (!rateCache.has(code)) rateCache.set(code, await fetchRate(code));\n  return rateCache.get(code);\n}\n",
    ),
    "SG-react-fetch-no-cleanup": (
        "javascript",
        "function Rates({ code }) {\n  const [rate, setRate] = useState(null);\n  useEffect(() => {\n    fetch(`/rates/${code}`).then((r) => r.json()).then((d) => setRate(d.rate));\n  }, [code]);\n  return rate;\n}\n",
        "function Rates({ code }) {\n  const [rate, setRate] = useState(null);\n  useEffect(() => {\n    const aborter = new AbortController();\n    fetch(`/rates/${code}`, { signal: aborter.signal }).then((r) => r.json()).then((d) => setRate(d.rate));\n    return () => aborter.abort();\n  }, [code]);\n  return rate;\n}\n",
    ),
    "SG-ssrf-fastapi": (
        "python",
        '@router.post("/preview")\nasync def preview(body: Preview):\n    async with httpx.AsyncClient() as client:\n        page = await client.get(str(body.url))\n    return page.text\n',
        '@router.post("/preview")\nasync def preview(body: Preview):\n    async with httpx.AsyncClient() as client:\n        page = await client.get(f"https://previews.internal/{body.id}")\n    return page.text\n',
    ),
    "SG-py-unawaited-method": (
        "python",
        "async def close_ticket(self, number):\n    ticket = await self.repo.get(number)\n    ticket.closed = True\n    self.repo.save(ticket)\n    return ticket\n",
        "async def close_ticket(self, number):\n    ticket = await self.repo.get(number)\n    ticket.closed = True\n    await self.repo.save(ticket)\n    return ticket\n",
    ),
    "SG-go-defer-before-err": (
        "go",
        "func fetch(u string) error {\n\tresp, err := http.Get(u)\n\tdefer resp.Body.Close()\n\tif err != nil {\n\t\treturn err\n\t}\n\treturn nil\n}\n",
        "func fetch(u string) error {\n\tresp, err := http.Get(u)\n\tif err != nil {\n\t\treturn err\n\t}\n\tdefer resp.Body.Close()\n\treturn nil\n}\n",
    ),
    "SG-go-unchecked-unmarshal": (
        "go",
        "func parse(b []byte) Order {\n\tvar o Order\n\tjson.Unmarshal(b, &o)\n\treturn o\n}\n",
        "func parse(b []byte) (Order, error) {\n\tvar o Order\n\tif err := json.Unmarshal(b, &o); err != nil {\n\t\treturn o, err\n\t}\n\treturn o, nil\n}\n",
    ),
    "SG-java-xxe": (
        "java",
        "class Import {\n  Document read(InputStream in) throws Exception {\n    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();\n    return f.newDocumentBuilder().parse(in);\n  }\n}\n",
        'class Import {\n  Document read(InputStream in) throws Exception {\n    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();\n    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);\n    return f.newDocumentBuilder().parse(in);\n  }\n}\n',
    ),
    "SG-java-equals-without-hashcode": (
        "java",
        "class Key {\n  String id;\n  @Override\n  public boolean equals(Object o) {\n    return o instanceof Key && id.equals(((Key) o).id);\n  }\n}\n",
        "class Key {\n  String id;\n  @Override\n  public boolean equals(Object o) {\n    return o instanceof Key && id.equals(((Key) o).id);\n  }\n  @Override\n  public int hashCode() {\n    return id.hashCode();\n  }\n}\n",
    ),
    "SG-py-n-plus-one-related": (
        "python",
        "def board(request):\n    orders = Order.objects.filter(open=True)\n    for order in orders:\n        print(order.customer.company)\n",
        'def board(request):\n    orders = Order.objects.filter(open=True).select_related("customer")\n    for order in orders:\n        print(order.customer.company)\n',
    ),
    "SG-js-sort-without-comparator": (
        "typescript",
        "export function median(xs: number[]): number {\n  const s = [...xs].sort();\n  return s[Math.floor(s.length / 2)];\n}\n",
        "export function median(xs: number[]): number {\n  const s = [...xs].sort((a, b) => a - b);\n  return s[Math.floor(s.length / 2)];\n}\n",
    ),
    "SG-sql-equals-null": (
        "sql",
        "UPDATE visits SET status = 'no_show'\nWHERE starts_at < now() AND checked_in_at = NULL;\n",
        "UPDATE visits SET status = 'no_show'\nWHERE starts_at < now() AND checked_in_at IS NULL;\n",
    ),
    "SG-stack-trace-to-client": (
        "java",
        'class Errors {\n  Map<String, Object> body(Exception ex) {\n    StringWriter w = new StringWriter();\n    ex.printStackTrace(new PrintWriter(w));\n    Map<String, Object> b = new HashMap<>();\n    b.put("trace", w.toString());\n    return b;\n  }\n}\n',
        'class Errors {\n  Map<String, Object> body(Exception ex) {\n    log.error("unhandled", ex);\n    Map<String, Object> b = new HashMap<>();\n    b.put("error", "internal error");\n    return b;\n  }\n}\n',
    ),
    "SG-stack-trace-to-client-js": (
        "javascript",
        "app.use((err, req, res, next) => {\n  res.status(500).json({ error: err.message, stack: err.stack });\n});\n",
        "app.use((err, req, res, next) => {\n  log.error(err.stack);\n  res.status(500).json({ error: 'internal error' });\n});\n",
    ),
    "SG-stack-trace-to-client-py": (
        "python",
        "@app.errorhandler(Exception)\ndef failed(exc):\n    return jsonify(error=traceback.format_exc()), 500\n",
        "@app.errorhandler(Exception)\ndef failed(exc):\n    log.error(traceback.format_exc())\n    return jsonify(error='internal error'), 500\n",
    ),
    "SG-js-mass-assignment@prisma-data": (
        "typescript",
        "router.put('/me', async (req, res) => {\n  const user = await prisma.user.update({ where: { id: req.user.id }, data: req.body });\n  res.json(user);\n});\n",
        "router.put('/me', async (req, res) => {\n  const { displayName, avatarUrl } = req.body;\n  const user = await prisma.user.update({ where: { id: req.user.id }, data: { displayName, avatarUrl } });\n  res.json(user);\n});\n",
    ),
    "SG-sql-template@tagged": (
        "typescript",
        "export function find(db: Db, name: string) {\n  return db.query(`SELECT id FROM users WHERE name = '${name}'`);\n}\n",
        "export function find(name: string) {\n  return prisma.$queryRaw<Row[]>`SELECT id FROM users WHERE name = ${name}`;\n}\n",
    ),
    "SG-js-command-injection-taint": (
        "javascript",
        "router.get('/log', (req, res) => {\n  const cmd = `git log ${req.query.branch}`;\n  exec(cmd, (err, out) => res.send(out));\n});\n",
        "router.get('/log', (req, res) => {\n  execFile('git', ['log', '--', req.query.branch], (err, out) => res.send(out));\n});\n",
    ),
    "SG-py-zip-slip": (
        "python",
        "def unpack(zf, dest):\n    for info in zf.infolist():\n        target = os.path.join(dest, info.filename)\n        zf.extract(info, target)\n",
        "def unpack(zf, dest):\n    for info in zf.infolist():\n        target = os.path.realpath(os.path.join(dest, info.filename))\n        if not target.startswith(dest + os.sep):\n            raise ValueError(info.filename)\n        zf.extract(info, dest)\n",
    ),
    "SG-py-tar-extractall": (
        "python",
        "def unpack(path, dest):\n    with tarfile.open(path) as tar:\n        tar.extractall(dest)\n",
        'def unpack(path, dest):\n    with tarfile.open(path) as tar:\n        tar.extractall(dest, filter="data")\n',
    ),
    "SG-py-get-then-index": (
        "python",
        'def seats(plan):\n    limits = PLANS.get(plan)\n    return limits["seats"]\n',
        'def seats(plan):\n    limits = PLANS.get(plan)\n    if limits is None:\n        raise KeyError(plan)\n    return limits["seats"]\n',
    ),
    "SG-py-db-connection-not-closed": (
        "python",
        "def overdue(dsn):\n    conn = psycopg2.connect(dsn)\n    cur = conn.cursor()\n    cur.execute('SELECT id FROM invoices')\n    return cur.fetchall()\n",
        "def overdue(dsn):\n    conn = psycopg2.connect(dsn)\n    try:\n        cur = conn.cursor()\n        cur.execute('SELECT id FROM invoices')\n        return cur.fetchall()\n    finally:\n        conn.close()\n",
    ),
    "SG-py-toctou-exists-open": (
        "python",
        'def claim(marker):\n    if marker.exists():\n        return False\n    with open(marker, "w") as fh:\n        fh.write("me")\n    return True\n',
        'def claim(marker):\n    try:\n        with open(marker, "x") as fh:\n            fh.write("me")\n    except FileExistsError:\n        return False\n    return True\n',
    ),
    "SG-tsql-dynamic-concat": (
        "sql",
        "DECLARE @sql NVARCHAR(MAX) = N'SELECT Id FROM dbo.Staff WHERE LastName = ''' + @LastName + N'''';\nEXEC sp_executesql @sql;\n",
        "DECLARE @sql NVARCHAR(MAX) = N'SELECT Id FROM dbo.Staff WHERE LastName = @p';\nEXEC sp_executesql @sql, N'@p NVARCHAR(100)', @p = @LastName;\n",
    ),
    "SG-go-client-no-timeout@default-client": (
        "go",
        'func Rates(url string) (*http.Response, error) {\n\treq, err := http.NewRequest("GET", url, nil)\n\tif err != nil {\n\t\treturn nil, err\n\t}\n\treturn http.DefaultClient.Do(req)\n}\n',
        'var client = &http.Client{Timeout: 10 * time.Second}\n\nfunc Rates(url string) (*http.Response, error) {\n\treq, err := http.NewRequest("GET", url, nil)\n\tif err != nil {\n\t\treturn nil, err\n\t}\n\treturn client.Do(req)\n}\n',
    ),
    "SG-sql-percent-of-counts@divided-first": (
        "sql",
        "SELECT week, ROUND(signups / trials * 100, 1) AS pct\nFROM funnel;\n",
        "SELECT week, ROUND(signups * 100.0 / NULLIF(trials, 0), 1) AS pct\nFROM funnel;\n",
    ),
    "SG-go-body-closed-late": (
        "go",
        'func fetch(c *http.Client, req *http.Request) ([]byte, error) {\n\tresp, err := c.Do(req)\n\tif err != nil {\n\t\treturn nil, err\n\t}\n\tif resp.StatusCode != http.StatusOK {\n\t\treturn nil, fmt.Errorf("status %d", resp.StatusCode)\n\t}\n\tdefer resp.Body.Close()\n\treturn io.ReadAll(resp.Body)\n}\n',
        'func fetch(c *http.Client, req *http.Request) ([]byte, error) {\n\tresp, err := c.Do(req)\n\tif err != nil {\n\t\treturn nil, err\n\t}\n\tdefer resp.Body.Close()\n\tif resp.StatusCode != http.StatusOK {\n\t\treturn nil, fmt.Errorf("status %d", resp.StatusCode)\n\t}\n\treturn io.ReadAll(resp.Body)\n}\n',
    ),
    "SG-java-bigdecimal-equals": (
        "java",
        "class Wallet {\n  boolean empty(BigDecimal balance) {\n    return balance.setScale(2).equals(BigDecimal.ZERO);\n  }\n}\n",
        "class Wallet {\n  boolean empty(BigDecimal balance) {\n    return balance.compareTo(BigDecimal.ZERO) == 0;\n  }\n}\n",
    ),
    "SG-js-splice-in-forward-loop": (
        "typescript",
        "function prune(items: Item[], now: number): void {\n  for (let i = 0; i < items.length; i++) {\n    if (items[i].expires <= now) {\n      items.splice(i, 1);\n    }\n  }\n}\n",
        "function prune(items: Item[], now: number): void {\n  for (let i = items.length - 1; i >= 0; i--) {\n    if (items[i].expires <= now) {\n      items.splice(i, 1);\n    }\n  }\n}\n",
    ),
    "SG-py-float-money-truncated": (
        "python",
        "def charge(order):\n    return gateway.charge(amount=int(order.total * 100), currency='eur')\n",
        "def charge(order):\n    return gateway.charge(amount=round(order.total * 100), currency='eur')\n",
    ),
    "SG-path-traversal-fastapi": (
        "python",
        '@router.get("/files")\nasync def download(name: str):\n    target = ROOT / name\n    return FileResponse(target)\n',
        '@router.get("/files")\nasync def download(name: str):\n    target = (ROOT / name).resolve()\n    if not target.is_relative_to(ROOT):\n        raise HTTPException(404)\n    return FileResponse(target)\n',
    ),
    "SG-sql-join-fan-out": (
        "sql",
        "SELECT o.customer_id, SUM(o.total) AS revenue, SUM(i.qty) AS units\nFROM orders o\nJOIN order_items i ON i.order_id = o.id\nGROUP BY o.customer_id;\n",
        "WITH units AS (\n  SELECT order_id, SUM(qty) AS qty FROM order_items GROUP BY order_id\n)\nSELECT o.customer_id, SUM(o.total) AS revenue, SUM(u.qty) AS units\nFROM orders o\nJOIN units u ON u.order_id = o.id\nGROUP BY o.customer_id;\n",
    ),
    "SG-sql-join-fan-out@two-children": (
        "sql",
        "SELECT o.id, SUM(i.qty * i.price) AS items, SUM(p.amount) AS paid\nFROM orders o\nJOIN order_items i ON i.order_id = o.id\nLEFT JOIN payments p ON p.order_id = o.id\nGROUP BY o.id;\n",
        "SELECT o.id, SUM(i.qty * i.price) AS items\nFROM orders o\nJOIN order_items i ON i.order_id = o.id\nGROUP BY o.id;\n",
    ),
    "SG-go-shadowed-var": (
        "go",
        'func price(ctx context.Context, s *Store, override string) (*Plan, error) {\n\tplan, err := s.Plan(ctx, "basic")\n\tif err != nil {\n\t\treturn nil, err\n\t}\n\tif override != "" {\n\t\tplan, err := s.Plan(ctx, override)\n\t\tif err != nil {\n\t\t\treturn nil, err\n\t\t}\n\t\tlog.Print(plan.Name)\n\t}\n\treturn plan, nil\n}\n',
        'func price(ctx context.Context, s *Store, override string) (*Plan, error) {\n\tplan, err := s.Plan(ctx, "basic")\n\tif err != nil {\n\t\treturn nil, err\n\t}\n\tif override != "" {\n\t\tplan, err = s.Plan(ctx, override)\n\t\tif err != nil {\n\t\t\treturn nil, err\n\t\t}\n\t\tlog.Print(plan.Name)\n\t}\n\treturn plan, nil\n}\n',
    ),
    "SG-js-month-not-zero-based": (
        "javascript",
        "function monthRange(ym) {\n  const [year, month] = ym.split('-').map(Number);\n  const start = new Date(Date.UTC(year, month, 1));\n  return start;\n}\n",
        "function monthRange(ym) {\n  const [year, month] = ym.split('-').map(Number);\n  const start = new Date(Date.UTC(year, month - 1, 1));\n  return start;\n}\n",
    ),
    "SG-spring-self-invocation": (
        "java",
        '@Service\npublic class RenewalService {\n    @Scheduled(cron = "0 15 2 * * *")\n    public void renewAll() {\n        for (Subscription s : subs.findDue()) {\n            renew(s.getId());\n        }\n    }\n\n    @Transactional\n    public void renew(Long id) {\n        subs.save(subs.findById(id).orElseThrow());\n    }\n}\n',
        '@Service\npublic class RenewalService {\n    private final RenewalWorker worker;\n\n    @Scheduled(cron = "0 15 2 * * *")\n    public void renewAll() {\n        for (Subscription s : subs.findDue()) {\n            worker.renew(s.getId());\n        }\n    }\n}\n',
    ),
    "SG-java-fast-password-hash": (
        "java",
        'class Hasher {\n  static byte[] hash(String salt, String password) throws Exception {\n    MessageDigest md = MessageDigest.getInstance("SHA-256");\n    return md.digest((salt + password).getBytes(StandardCharsets.UTF_8));\n  }\n}\n',
        'class Hasher {\n  static byte[] checksum(String salt, String body) throws Exception {\n    MessageDigest md = MessageDigest.getInstance("SHA-256");\n    return md.digest((salt + body).getBytes(StandardCharsets.UTF_8));\n  }\n}\n',
    ),
    "SG-slice-end-clamped-short": (
        "go",
        "func send(ids []int64) {\n\tfor s := 0; s < len(ids); s += 100 {\n\t\te := s + 100\n\t\tif e > len(ids)-1 {\n\t\t\te = len(ids) - 1\n\t\t}\n\t\tpush(ids[s:e])\n\t}\n}\n",
        "func send(ids []int64) {\n\tfor s := 0; s < len(ids); s += 100 {\n\t\te := s + 100\n\t\tif e > len(ids) {\n\t\t\te = len(ids)\n\t\t}\n\t\tpush(ids[s:e])\n\t}\n}\n",
    ),
    "SG-slice-end-clamped-short-py": (
        "python",
        "def chunk(rows, start, size):\n    end = min(start + size, len(rows) - 1)\n    return rows[start:end]\n",
        "def chunk(rows, start, size):\n    end = min(start + size, len(rows))\n    return rows[start:end]\n",
    ),
    "SG-slice-end-clamped-short-js": (
        "javascript",
        "function chunk(rows, start, size) {\n  const end = Math.min(start + size, rows.length - 1);\n  return rows.slice(start, end);\n}\n",
        "function chunk(rows, start, size) {\n  const end = Math.min(start + size, rows.length);\n  return rows.slice(start, end);\n}\n",
    ),
    "SG-go-widen-after-multiply": (
        "go",
        "func limit(c Config) int64 {\n\tbytes := c.QuotaMB * 1024 * 1024\n\treturn int64(bytes)\n}\n",
        "func limit(c Config) int64 {\n\treturn int64(c.QuotaMB) * 1024 * 1024\n}\n",
    ),
    "SG-java-log-sensitive-object": (
        "java",
        'class Pay {\n  Receipt pay(PaymentRequest req) {\n    log.info("paying {}", req);\n    return gateway.pay(req);\n  }\n}\n',
        'class Pay {\n  Receipt pay(PaymentRequest req) {\n    log.info("paying order {}", req.orderId());\n    return gateway.pay(req);\n  }\n}\n',
    ),
    "SG-java-log-sensitive-object@body": (
        "java",
        'class Signup {\n  @PostMapping("/signup")\n  void signup(@RequestBody NewUser body) {\n    log.debug("signup {}", body);\n    users.create(body);\n  }\n}\n',
        'class Signup {\n  @PostMapping("/signup")\n  void signup(@RequestBody NewUser body) {\n    log.debug("signup {}", body.email());\n    users.create(body);\n  }\n}\n',
    ),
    "SG-java-log-all-headers": (
        "java",
        'class F {\n  void f(HttpServletRequest req) {\n    List<String> all = Collections.list(req.getHeaderNames());\n    log.info("headers {}", all);\n  }\n}\n',
        'class F {\n  void f(HttpServletRequest req) {\n    List<String> all = Collections.list(req.getHeaderNames());\n    log.info("{} headers", all.size());\n  }\n}\n',
    ),
    "SG-log-all-headers": (
        "javascript",
        "app.use((req, res, next) => {\n  logger.info({ path: req.path, headers: req.headers });\n  next();\n});\n",
        "app.use((req, res, next) => {\n  logger.info({ path: req.path, agent: req.headers['user-agent'] });\n  next();\n});\n",
    ),
    "SG-log-all-headers@py": (
        "python",
        "def hook(request):\n    logger.info('headers: %s', dict(request.headers))\n",
        "def hook(request):\n    logger.info('agent: %s', request.headers.get('User-Agent'))\n",
    ),
    "SG-go-dsn-logged": (
        "go",
        'func open(h, p string) {\n\tdsn := fmt.Sprintf("host=%s password=%s", h, p)\n\tlog.Printf("connecting: %s", dsn)\n\tsql.Open("postgres", dsn)\n}\n',
        'func open(h, p string) {\n\tdsn := fmt.Sprintf("host=%s password=%s", h, p)\n\tlog.Printf("connecting to %s", h)\n\tsql.Open("postgres", dsn)\n}\n',
    ),
    "SG-js-token-url-logged": (
        "typescript",
        "async function invite(user: User, token: string) {\n  const link = `${BASE}/accept?token=${token}`;\n  logger.info(`invite for ${user.id}: ${link}`);\n  await mail.send(user.email, link);\n}\n",
        "async function invite(user: User, token: string) {\n  const link = `${BASE}/accept?token=${token}`;\n  logger.info(`invite sent to user ${user.id}`);\n  await mail.send(user.email, link);\n}\n",
    ),
    "SG-js-redis-check-then-set": (
        "typescript",
        "async function pay(key: string, amount: number) {\n  const idemKey = `idem:${key}`;\n  const seen = await redis.get(idemKey);\n  if (seen) return JSON.parse(seen);\n  const charge = await stripe.charge(amount);\n  await redis.set(idemKey, JSON.stringify(charge), 'EX', 86400);\n  return charge;\n}\n",
        "async function pay(key: string, amount: number) {\n  const idemKey = `idem:${key}`;\n  const seen = await redis.get(idemKey);\n  if (seen) return JSON.parse(seen);\n  const charge = await stripe.charge(amount);\n  await redis.set(idemKey, JSON.stringify(charge), 'NX', 'EX', 86400);\n  return charge;\n}\n",
    ),
    "SG-java-map-get-unboxed": (
        "java",
        "class Limits {\n  private Map<String, Integer> byPlan;\n  int limit(String plan) {\n    int n = byPlan.get(plan);\n    return n * 2;\n  }\n}\n",
        "class Limits {\n  private Map<String, Integer> byPlan;\n  int limit(String plan) {\n    int n = byPlan.getOrDefault(plan, 60);\n    return n * 2;\n  }\n}\n",
    ),
    "SG-java-last-day-at-start": (
        "java",
        "class R {\n  List<Order> orders(LocalDate first, LocalDate lastDay) {\n    LocalDateTime to = lastDay.atStartOfDay();\n    return repo.findByPlacedAtBetween(first.atStartOfDay(), to);\n  }\n}\n",
        "class R {\n  List<Order> orders(LocalDate first, LocalDate lastDay) {\n    LocalDateTime to = lastDay.plusDays(1).atStartOfDay();\n    return repo.findByPlacedAtGreaterThanEqualAndPlacedAtLessThan(first.atStartOfDay(), to);\n  }\n}\n",
    ),
    "SG-py-commit-halfway": (
        "python",
        "def move(session, a, b, n):\n    a.balance -= n\n    session.commit()\n    b.balance += n\n    session.add(Entry(b.id, n))\n    session.commit()\n",
        "def move(session, a, b, n):\n    a.balance -= n\n    b.balance += n\n    session.add(Entry(b.id, n))\n    session.commit()\n",
    ),
    "SG-sql-definer-no-caller-check": (
        "sql",
        "CREATE FUNCTION api.order_detail(p_order_id uuid) RETURNS SETOF orders\nLANGUAGE sql SECURITY DEFINER AS $$\n  SELECT * FROM orders o WHERE o.id = p_order_id;\n$$;\n",
        "CREATE FUNCTION api.order_detail(p_order_id uuid) RETURNS SETOF orders\nLANGUAGE sql SECURITY DEFINER AS $$\n  SELECT * FROM orders o WHERE o.customer_id = auth.uid() AND o.id = p_order_id;\n$$;\n",
    ),
    "SG-go-loop-var-goroutine": (
        "go",
        "func all(items []Item) {\n\tvar wg sync.WaitGroup\n\tfor _, it := range items {\n\t\twg.Add(1)\n\t\tgo func() {\n\t\t\tdefer wg.Done()\n\t\t\tprocess(it)\n\t\t}()\n\t}\n\twg.Wait()\n}\n",
        "func all(items []Item) {\n\tvar wg sync.WaitGroup\n\tfor _, it := range items {\n\t\twg.Add(1)\n\t\tgo func(it Item) {\n\t\t\tdefer wg.Done()\n\t\t\tprocess(it)\n\t\t}(it)\n\t}\n\twg.Wait()\n}\n",
    ),
    "SG-py-page-offset-call": (
        "python",
        "def listing(q, args):\n    page = max(int(args.get('page', 1)), 1)\n    return q.offset(page * 20).limit(20).all()\n",
        "def listing(q, args):\n    page = max(int(args.get('page', 1)), 1)\n    return q.offset((page - 1) * 20).limit(20).all()\n",
    ),
    "SG-py-thread-counter": (
        "python",
        "class Pinger:\n    def __init__(self):\n        self.failed = 0\n\n    def one(self, host):\n        if not ping(host):\n            self.failed += 1\n\n    def all(self, hosts):\n        with ThreadPoolExecutor(8) as pool:\n            list(pool.map(self.one, hosts))\n",
        "class Pinger:\n    def __init__(self):\n        self.failed = 0\n        self._lock = threading.Lock()\n\n    def one(self, host):\n        if not ping(host):\n            with self._lock:\n                self.failed += 1\n\n    def all(self, hosts):\n        with ThreadPoolExecutor(8) as pool:\n            list(pool.map(self.one, hosts))\n",
    ),
    "SG-sql-script-writes-no-transaction": (
        "sql",
        "UPDATE orders SET user_id = :keep WHERE user_id = :drop;\nUPDATE carts SET user_id = :keep WHERE user_id = :drop;\nDELETE FROM users WHERE id = :drop;\n",
        "BEGIN;\nUPDATE orders SET user_id = :keep WHERE user_id = :drop;\nUPDATE carts SET user_id = :keep WHERE user_id = :drop;\nDELETE FROM users WHERE id = :drop;\nCOMMIT;\n",
    ),
    "SG-js-var-loop-capture@nested": (
        "javascript",
        "function up(files) {\n  for (var i = 0; i < files.length; i++) {\n    var f = files[i];\n    store.put(f.path, { type: f.type }).then(function (url) {\n      done[f.name] = url;\n    });\n  }\n}\n",
        "function up(files) {\n  for (let i = 0; i < files.length; i++) {\n    const f = files[i];\n    store.put(f.path, { type: f.type }).then(function (url) {\n      done[f.name] = url;\n    });\n  }\n}\n",
    ),
    "SG-js-unawaited-in-transaction@returned": (
        "typescript",
        "function cancel(id: string) {\n  return prisma.$transaction(async (tx) => {\n    tx.event.create({ data: { id } });\n    return tx.order.update({ where: { id }, data: { status: 'X' } });\n  });\n}\n",
        "function cancel(id: string) {\n  return prisma.$transaction(async (tx) => {\n    await tx.event.create({ data: { id } });\n    return tx.order.update({ where: { id }, data: { status: 'X' } });\n  });\n}\n",
    ),
    "SG-sql-between-dates-on-timestamp@params": (
        "sql",
        "SELECT count(*) FROM orders WHERE placed_at BETWEEN :'period_start' AND :'period_end';\n",
        "SELECT count(*) FROM orders WHERE placed_at >= :'period_start' AND placed_at < :'period_end'::date + 1;\n",
    ),
    "SG-idor-express@sql": (
        "typescript",
        "app.get('/trips/:id', { preHandler: app.authenticate }, async (request, reply) => {\n  const { rows } = await pool.query('SELECT * FROM trips WHERE id = $1', [request.params.id]);\n  request.log.info({ user: request.user.id }, 'trip read');\n  return rows[0];\n});\n",
        "app.get('/trips/:id', { preHandler: app.authenticate }, async (request, reply) => {\n  const { rows } = await pool.query('SELECT * FROM trips WHERE id = $1 AND owner_id = $2', [request.params.id, request.user.id]);\n  return rows[0];\n});\n",
    ),
    "SG-idor-spring@principal-first": (
        "java",
        'class TripController {\n  @GetMapping("/{tripId}")\n  public Trip one(@AuthenticationPrincipal AppUser me, @PathVariable long tripId) {\n    return trips.getById(tripId);\n  }\n}\n',
        'class TripController {\n  @GetMapping("/{tripId}")\n  public Trip one(@AuthenticationPrincipal AppUser me, @PathVariable long tripId) {\n    return trips.findByIdAndOwnerId(tripId, me.getId()).orElseThrow();\n  }\n}\n',
    ),
    "SG-js-login-body-logged@payment": (
        "javascript",
        "router.post('/checkout/pay', requireAuth, async (req, res) => {\n  try {\n    await charge(req.body);\n  } catch (err) {\n    console.error('payment failed', { reason: err.message, request: req.body });\n  }\n});\n",
        "router.post('/checkout/pay', requireAuth, async (req, res) => {\n  try {\n    await charge(req.body);\n  } catch (err) {\n    console.error('payment failed', { reason: err.message, order: req.body.orderId });\n  }\n});\n",
    ),
    "SG-secret-in-connection-string": (
        "python",
        'def connect():\n    return psycopg.connect("host=db.prod dbname=shop user=app password=Pr0d-Shop-88")\n',
        'def connect():\n    return psycopg.connect(os.environ["DATABASE_URL"])\n',
    ),
    "SG-secret-in-connection-string@odbc": (
        "javascript",
        "const conn = 'Server=sql01;Database=erp;User Id=etl;Password=Etl#2024pw;';\n",
        "const conn = `Server=sql01;Database=erp;User Id=etl;Password=${process.env.ERP_PASSWORD};`;\n",
    ),
    "SG-secret-in-connection-string@kwargs": (
        "python",
        'def make(User):\n    return open_db("user=ann;password=Ann-Pass-2024", role="admin")\n',
        'def make(User):\n    return User.objects.create_user("ann", "a@x.test", password=TEST_PASSWORD, role="admin")\n',
    ),
    "SG-sql-password-literal": (
        "sql",
        "CREATE USER MAPPING FOR app SERVER billing\n  OPTIONS (user 'billing_ro', password 'B1lling-ro!');\n",
        "CREATE USER MAPPING FOR app SERVER billing\n  OPTIONS (user 'billing_ro', password :'billing_password');\n",
    ),
    "SG-jwt-literal-secret": (
        "javascript",
        "function issue(user) {\n  return jwt.sign({ sub: user.id }, 'team-signing-key-2024', { expiresIn: '1h' });\n}\n",
        "function issue(user) {\n  return jwt.sign({ sub: user.id }, process.env.JWT_SECRET, { expiresIn: '1h' });\n}\n",
    ),
    "SG-jwt-literal-secret-py": (
        "python",
        "def issue(user):\n    return jwt.encode({'sub': user.id}, 'team-signing-key-2024', algorithm='HS256')\n",
        "def issue(user):\n    return jwt.encode({'sub': user.id}, settings.JWT_KEY, algorithm='HS256')\n",
    ),
    "SG-go-server-counter-no-lock": (
        "go",
        "type API struct {\n\thits int\n}\n\nfunc (a *API) Ping(w http.ResponseWriter, r *http.Request) {\n\ta.hits++\n\tw.WriteHeader(204)\n}\n",
        "type API struct {\n\thits atomic.Int64\n}\n\nfunc (a *API) Ping(w http.ResponseWriter, r *http.Request) {\n\ta.hits.Add(1)\n\tw.WriteHeader(204)\n}\n",
    ),
    "SG-plpgsql-count-then-insert": (
        "sql",
        "CREATE FUNCTION enrol(p_course bigint, p_student bigint) RETURNS boolean AS $$\nDECLARE n int; cap int;\nBEGIN\n  SELECT seats INTO cap FROM courses WHERE id = p_course;\n  SELECT count(*) INTO n FROM enrolments WHERE course_id = p_course;\n  IF n >= cap THEN RETURN false; END IF;\n  INSERT INTO enrolments (course_id, student_id) VALUES (p_course, p_student);\n  RETURN true;\nEND; $$ LANGUAGE plpgsql;\n",
        "CREATE FUNCTION enrol(p_course bigint, p_student bigint) RETURNS boolean AS $$\nDECLARE n int; cap int;\nBEGIN\n  SELECT seats INTO cap FROM courses WHERE id = p_course FOR UPDATE;\n  SELECT count(*) INTO n FROM enrolments WHERE course_id = p_course;\n  IF n >= cap THEN RETURN false; END IF;\n  INSERT INTO enrolments (course_id, student_id) VALUES (p_course, p_student);\n  RETURN true;\nEND; $$ LANGUAGE plpgsql;\n",
    ),
    "SG-mysql-prepare-concat": (
        "sql",
        "CREATE PROCEDURE by_city(IN p_city VARCHAR(64))\nBEGIN\n  SET @q = CONCAT('SELECT id FROM stores WHERE city = ''', p_city, '''');\n  PREPARE s FROM @q;\n  EXECUTE s;\nEND\n",
        "CREATE PROCEDURE by_city(IN p_city VARCHAR(64))\nBEGIN\n  SET @q = 'SELECT id FROM stores WHERE city = ?';\n  SET @c = p_city;\n  PREPARE s FROM @q;\n  EXECUTE s USING @c;\nEND\n",
    ),
    "SG-js-pool-client-not-released": (
        "javascript",
        "async function rename(id, name) {\n  const client = await pool.connect();\n  await client.query('UPDATE t SET name = $1 WHERE id = $2', [name, id]);\n  client.release();\n}\n",
        "async function rename(id, name) {\n  const client = await pool.connect();\n  try {\n    await client.query('UPDATE t SET name = $1 WHERE id = $2', [name, id]);\n  } finally {\n    client.release();\n  }\n}\n",
    ),
    "SG-go-type-assert-unchecked": (
        "go",
        "func Me(w http.ResponseWriter, r *http.Request) {\n\tu, _ := r.Context().Value(userKey).(*User)\n\tfmt.Fprint(w, u.Name)\n}\n",
        'func Me(w http.ResponseWriter, r *http.Request) {\n\tu, _ := r.Context().Value(userKey).(*User)\n\tif u == nil {\n\t\thttp.Error(w, "unauthorized", 401)\n\t\treturn\n\t}\n\tfmt.Fprint(w, u.Name)\n}\n',
    ),
    "SG-js-missing-await@release": (
        "javascript",
        "async function rename(id, name) {\n  const client = await pool.connect();\n  try {\n    client.query('UPDATE t SET name = $1 WHERE id = $2', [name, id]);\n  } finally {\n    client.release();\n  }\n}\n",
        "async function rename(id, name) {\n  const client = await pool.connect();\n  try {\n    await client.query('UPDATE t SET name = $1 WHERE id = $2', [name, id]);\n  } finally {\n    client.release();\n  }\n}\n",
    ),
    "SG-py-match-group-unchecked": (
        "python",
        "def order_no(subject):\n    return ORDER_RE.search(subject).group(1)\n",
        "def order_no(subject):\n    found = ORDER_RE.search(subject)\n    return found.group(1) if found else None\n",
    ),
    "SG-js-decimal-to-number": (
        "typescript",
        "export function lineTotal(line: Line): number {\n  return Number(line.unitPrice) * line.quantity;\n}\n",
        "export function lineTotal(line: Line): Prisma.Decimal {\n  return line.unitPrice.mul(line.quantity);\n}\n",
    ),
    "SG-timing-compare-js-header": (
        "javascript",
        "function auth(req, res, next) {\n  const given = req.headers['x-api-key'];\n  if (given !== process.env.API_KEY) return res.sendStatus(401);\n  next();\n}\n",
        "function auth(req, res, next) {\n  const given = req.headers['x-api-key'];\n  if (!given || !safeEqual(given, process.env.API_KEY)) return res.sendStatus(401);\n  next();\n}\n",
    ),
    "SG-ts-assign-body-to-entity": (
        "typescript",
        "class NotesController {\n  @Patch(':id')\n  async edit(@Param('id') id: string, @Body() body: Partial<Note>) {\n    const note = await this.notes.findOneByOrFail({ id });\n    Object.assign(note, body);\n    return this.notes.save(note);\n  }\n}\n",
        "class NotesController {\n  @Patch(':id')\n  async edit(@Param('id') id: string, @Body() body: EditNoteDto) {\n    const note = await this.notes.findOneByOrFail({ id });\n    Object.assign(note, body);\n    return this.notes.save(note);\n  }\n}\n",
    ),
    "SG-js-querybuilder-template": (
        "typescript",
        "async function list(status: string) {\n  return repo.createQueryBuilder('t').where(`t.status = '${status}'`).getMany();\n}\n",
        "async function list(status: string) {\n  return repo.createQueryBuilder('t').where('t.status = :status', { status }).getMany();\n}\n",
    ),
    "SG-js-mass-assignment-alias": (
        "typescript",
        "async function update(req, res) {\n  const input = req.body as Partial<User>;\n  await prisma.user.update({ where: { id: req.user.id }, data: input });\n  res.sendStatus(204);\n}\n",
        "async function update(req, res) {\n  const input = req.body as Partial<User>;\n  await prisma.user.update({ where: { id: req.user.id }, data: { name: input.name } });\n  res.sendStatus(204);\n}\n",
    ),
    "SG-js-mass-assignment-alias@rest": (
        "javascript",
        "async function update(req, res) {\n  const { password, ...changes } = req.body;\n  await User.findByIdAndUpdate(req.params.id, changes);\n  res.sendStatus(204);\n}\n",
        "async function update(req, res) {\n  const { displayName } = req.body;\n  await User.findByIdAndUpdate(req.params.id, { displayName });\n  res.sendStatus(204);\n}\n",
    ),
    "SG-js-mass-assignment-repository": (
        "typescript",
        "async function save(req: Request) {\n  await this.profiles.update(req.params.id, req.body);\n}\n",
        "async function save(req: Request) {\n  await this.profiles.update(req.params.id, { bio: req.body.bio });\n}\n",
    ),
    "SG-js-lost-update": (
        "typescript",
        "async function buy(id: string) {\n  const item = await prisma.item.findUnique({ where: { id } });\n  await prisma.item.update({ where: { id }, data: { stock: item.stock - 1 } });\n}\n",
        "async function buy(id: string) {\n  await prisma.item.update({ where: { id }, data: { stock: { decrement: 1 } } });\n}\n",
    ),
    "SG-js-lost-update@mongoose": (
        "javascript",
        "async function spend(id, amount) {\n  const wallet = await Wallet.findById(id);\n  wallet.balance -= amount;\n  await wallet.save();\n}\n",
        "async function spend(id, amount) {\n  await Wallet.updateOne({ _id: id, balance: { $gte: amount } }, { $inc: { balance: -amount } });\n}\n",
    ),
    "SG-js-missing-await@deleteMany": (
        "javascript",
        "async function logout(userId) {\n  Session.deleteMany({ userId });\n  await audit.write('logout', userId);\n}\n",
        "async function logout(userId) {\n  await Session.deleteMany({ userId });\n  await audit.write('logout', userId);\n}\n",
    ),
    "SG-midpoint-overflow": (
        "java",
        "int find(int[] a, int key) {\n  int low = 0, high = a.length - 1;\n  while (low <= high) {\n    int mid = (low + high) / 2;\n    if (a[mid] < key) low = mid + 1; else high = mid - 1;\n  }\n  return low;\n}\n",
        "int find(int[] a, int key) {\n  int low = 0, high = a.length - 1;\n  while (low <= high) {\n    int mid = low + (high - low) / 2;\n    if (a[mid] < key) low = mid + 1; else high = mid - 1;\n  }\n  return low;\n}\n",
    ),
    "SG-midpoint-overflow@go": (
        "go",
        "func search(xs []int32, x int32) int32 {\n\tvar lo, hi int32 = 0, int32(len(xs))\n\tfor lo < hi {\n\t\tmid := (lo + hi) >> 1\n\t\tif xs[mid] < x {\n\t\t\tlo = mid + 1\n\t\t} else {\n\t\t\thi = mid\n\t\t}\n\t}\n\treturn lo\n}\n",
        "func search(xs []int32, x int32) int32 {\n\tvar lo, hi int32 = 0, int32(len(xs))\n\tfor lo < hi {\n\t\tmid := lo + (hi-lo)/2\n\t\tif xs[mid] < x {\n\t\t\tlo = mid + 1\n\t\t} else {\n\t\t\thi = mid\n\t\t}\n\t}\n\treturn lo\n}\n",
    ),
    "SG-java-narrowing-cast": (
        "java",
        "class Upload {\n  byte[] read(File f) throws IOException {\n    byte[] buf = new byte[(int) f.length()];\n    return buf;\n  }\n}\n",
        "class Upload {\n  byte[] read(File f) throws IOException {\n    byte[] buf = new byte[Math.toIntExact(f.length())];\n    return buf;\n  }\n}\n",
    ),
    "SG-java-time-millis-int-math": (
        "java",
        "class Tokens {\n  long expiry(int days) {\n    return System.currentTimeMillis() + days * 24 * 60 * 60 * 1000;\n  }\n}\n",
        "class Tokens {\n  long expiry(int days) {\n    return System.currentTimeMillis() + days * 24L * 60 * 60 * 1000;\n  }\n}\n",
    ),
    "SG-java-int-sum-of-products": (
        "java",
        "class Cart {\n  int totalCents(List<Line> lines) {\n    int total = 0;\n    for (Line l : lines) {\n      total += l.qty() * l.unitCents();\n    }\n    return total;\n  }\n}\n",
        "class Cart {\n  long totalCents(List<Line> lines) {\n    long total = 0;\n    for (Line l : lines) {\n      total = Math.addExact(total, Math.multiplyExact((long) l.qty(), l.unitCents()));\n    }\n    return total;\n  }\n}\n",
    ),
    "SG-java-abs-hash-index": (
        "java",
        "class Shards {\n  int shardFor(String key) {\n    return Math.abs(key.hashCode()) % shards.length;\n  }\n}\n",
        "class Shards {\n  int shardFor(String key) {\n    return Math.floorMod(key.hashCode(), shards.length);\n  }\n}\n",
    ),
    "SG-go-narrowing-parsed-int": (
        "go",
        'func limit(r *http.Request) (int32, error) {\n\tn, err := strconv.Atoi(r.URL.Query().Get("limit"))\n\tif err != nil {\n\t\treturn 0, err\n\t}\n\treturn int32(n), nil\n}\n',
        'func limit(r *http.Request) (int32, error) {\n\tn, err := strconv.ParseInt(r.URL.Query().Get("limit"), 10, 32)\n\tif err != nil {\n\t\treturn 0, err\n\t}\n\treturn int32(n), nil\n}\n',
    ),
    "SG-js-float-money-arithmetic": (
        "typescript",
        "export function orderTotal(items: Item[]): string {\n  const total = items.reduce((sum, i) => sum + i.price * i.quantity, 0);\n  return total.toFixed(2);\n}\n",
        "export function orderTotal(items: Item[]): string {\n  const cents = items.reduce((sum, i) => sum + i.priceCents * i.quantity, 0);\n  return (cents / 100).toFixed(2);\n}\n",
    ),
    "SG-js-float-money-arithmetic@rate": (
        "typescript",
        "function withVat(invoice: Invoice): number {\n  return invoice.amount + invoice.amount * 0.2;\n}\n",
        "function withVat(invoice: Invoice): number {\n  return invoice.amountCents + Math.round(invoice.amountCents / 5);\n}\n",
    ),
    "SG-java-mass-assignment": (
        "java",
        'class Users {\n  @PutMapping("/users/{id}")\n  User update(@PathVariable Long id, @RequestBody Map<String, Object> body) {\n    User user = repo.findById(id).orElseThrow();\n    BeanUtils.copyProperties(body, user);\n    return repo.save(user);\n  }\n}\n',
        'class Users {\n  @PutMapping("/users/{id}")\n  User update(@PathVariable Long id, @RequestBody ProfileUpdate body) {\n    User user = repo.findById(id).orElseThrow();\n    user.setDisplayName(body.displayName());\n    return repo.save(user);\n  }\n}\n',
    ),
    "SG-java-mass-assignment@entity": (
        "java",
        'class Users {\n  @PostMapping("/users")\n  User create(@RequestBody User user) {\n    return users.save(user);\n  }\n}\n',
        'class Users {\n  @PostMapping("/users")\n  User create(@RequestBody CreateUserRequest req) {\n    return users.save(new User(req.email(), req.name()));\n  }\n}\n',
    ),
    "SG-py-mass-assignment": (
        "python",
        '@app.patch("/users/<int:uid>")\ndef update_user(uid):\n    user = User.query.get_or_404(uid)\n    for key, value in request.json.items():\n        setattr(user, key, value)\n    db.session.commit()\n    return user.to_dict()\n',
        'EDITABLE = {"name", "bio"}\n\n\n@app.patch("/users/<int:uid>")\ndef update_user(uid):\n    user = User.query.get_or_404(uid)\n    for key in EDITABLE & request.json.keys():\n        setattr(user, key, request.json[key])\n    db.session.commit()\n    return user.to_dict()\n',
    ),
    "SG-py-mass-assignment@kwargs": (
        "python",
        'def signup(request):\n    user = User.objects.create(**request.POST.dict())\n    return JsonResponse({"id": user.id})\n',
        'def signup(request):\n    user = User.objects.create(email=request.POST["email"], name=request.POST["name"])\n    return JsonResponse({"id": user.id})\n',
    ),
    "SG-ts-mass-assignment-body": (
        "typescript",
        "export class UsersController {\n  constructor(private readonly users: Repository<User>) {}\n\n  @Patch(':id')\n  async update(@Param('id') id: string, @Body() body: any) {\n    await this.users.update(id, body);\n    return this.users.findOneBy({ id });\n  }\n}\n",
        "export class UsersController {\n  constructor(private readonly users: Repository<User>) {}\n\n  @Patch(':id')\n  async update(@Param('id') id: string, @Body() body: UpdateProfileDto) {\n    await this.users.update(id, { displayName: body.displayName });\n    return this.users.findOneBy({ id });\n  }\n}\n",
    ),
    "SG-ts-mass-assignment-body@spread": (
        "javascript",
        "router.post('/signup', async (req, res) => {\n  const user = await User.create({ ...req.body });\n  res.status(201).json(user);\n});\n",
        "router.post('/signup', async (req, res) => {\n  const { email, name } = req.body;\n  const user = await User.create({ email, name });\n  res.status(201).json(user);\n});\n",
    ),
    "SG-tail-off-by-one": (
        "javascript",
        "function lastN(items, n) {\n  return items.slice(items.length - n - 1);\n}\n",
        "function lastN(items, n) {\n  return items.slice(items.length - n);\n}\n",
    ),
    "SG-java-tail-off-by-one": (
        "java",
        "class Mask {\n  String last4(String card) {\n    return card.substring(card.length() - 4 - 1);\n  }\n}\n",
        "class Mask {\n  String last4(String card) {\n    return card.substring(card.length() - 4);\n  }\n}\n",
    ),
    "SG-py-tail-off-by-one": (
        "python",
        "def batches(rows, size):\n    return [rows[i:i + size] for i in range(0, len(rows) - size, size)]\n",
        "def batches(rows, size):\n    return [rows[i:i + size] for i in range(0, len(rows), size)]\n",
    ),
    "SG-page-count-floor": (
        "typescript",
        "export function pageCount(total: number, pageSize: number): number {\n  return Math.floor(total / pageSize);\n}\n",
        "export function pageCount(total: number, pageSize: number): number {\n  return Math.ceil(total / pageSize);\n}\n",
    ),
    "SG-py-page-count-floor": (
        "python",
        "def page_count(total, per_page):\n    return total // per_page\n",
        "def page_count(total, per_page):\n    return -(-total // per_page)\n",
    ),
    "SG-page-count-int-division": (
        "java",
        "class Pager {\n  int pages(int total, int pageSize) {\n    int totalPages = total / pageSize;\n    return totalPages;\n  }\n}\n",
        "class Pager {\n  int pages(int total, int pageSize) {\n    int totalPages = (total + pageSize - 1) / pageSize;\n    return totalPages;\n  }\n}\n",
    ),
    "SG-go-page-count-int-division": (
        "go",
        "func pageCount(total, perPage int) int {\n\tpages := total / perPage\n\treturn pages\n}\n",
        "func pageCount(total, perPage int) int {\n\tpages := (total + perPage - 1) / perPage\n\treturn pages\n}\n",
    ),
    "SG-js-page-offset": (
        "javascript",
        "app.get('/posts', async (req, res) => {\n  const page = Number(req.query.page) || 1;\n  const rows = await db.query('SELECT * FROM posts LIMIT $1 OFFSET $2', [20, page * 20]);\n  res.json(rows);\n});\n",
        "app.get('/posts', async (req, res) => {\n  const page = Number(req.query.page) || 1;\n  const rows = await db.query('SELECT * FROM posts LIMIT $1 OFFSET $2', [20, (page - 1) * 20]);\n  res.json(rows);\n});\n",
    ),
    "SG-timing-compare-header": (
        "typescript",
        "app.post('/hook', (req, res) => {\n  if (req.headers['x-signature'] !== expected) return res.status(401).end();\n  res.sendStatus(204);\n});\n",
        "app.post('/hook', (req, res) => {\n  const got = Buffer.from(String(req.headers['x-signature']));\n  if (got.length !== expected.length || !crypto.timingSafeEqual(got, expected)) return res.status(401).end();\n  res.sendStatus(204);\n});\n",
    ),
    "SG-timing-compare-header@go": (
        "go",
        'func check(r *http.Request, body, secret []byte) bool {\n\tmac := hmac.New(sha256.New, secret)\n\tmac.Write(body)\n\treturn hex.EncodeToString(mac.Sum(nil)) == r.Header.Get("X-Hub-Signature")\n}\n',
        'func check(r *http.Request, body, secret []byte) bool {\n\tmac := hmac.New(sha256.New, secret)\n\tmac.Write(body)\n\tgot, err := hex.DecodeString(r.Header.Get("X-Hub-Signature"))\n\treturn err == nil && hmac.Equal(mac.Sum(nil), got)\n}\n',
    ),
    "SG-timing-compare-header@py": (
        "python",
        'def authorized(request):\n    return request.headers.get("X-Api-Key") == settings.API_KEY\n',
        'def authorized(request):\n    return hmac.compare_digest(request.headers.get("X-Api-Key", ""), settings.API_KEY)\n',
    ),
    "SG-js-unchecked-find-one": (
        "typescript",
        "async function email(id: string) {\n  const user = await prisma.user.findUnique({ where: { id } });\n  return user.email;\n}\n",
        "async function email(id: string) {\n  const user = await prisma.user.findUnique({ where: { id } });\n  if (!user) throw new NotFoundException();\n  return user.email;\n}\n",
    ),
    "SG-py-integer-average": (
        "python",
        "def mean_latency(samples):\n    return sum(samples) // len(samples)\n",
        "def mean_latency(samples):\n    return sum(samples) / len(samples)\n",
    ),
    "SG-java-int-ratio": (
        "java",
        "class Stats {\n  double hitRate(int hits, int total) {\n    double rate = hits / total;\n    return rate;\n  }\n}\n",
        "class Stats {\n  double hitRate(int hits, int total) {\n    double rate = (double) hits / total;\n    return rate;\n  }\n}\n",
    ),
    "SG-java-int-ratio@percent": (
        "java",
        "class Progress {\n  int percent(int done, int total) {\n    int pct = done / total * 100;\n    return pct;\n  }\n}\n",
        "class Progress {\n  int percent(int done, int total) {\n    int pct = done * 100 / total;\n    return pct;\n  }\n}\n",
    ),
    "SG-py-updates-no-transaction": (
        "python",
        'def transfer(src, dst, amount):\n    Account.objects.filter(pk=src).update(balance=F("balance") - amount)\n    Account.objects.filter(pk=dst).update(balance=F("balance") + amount)\n',
        'def transfer(src, dst, amount):\n    with transaction.atomic():\n        Account.objects.filter(pk=src).update(balance=F("balance") - amount)\n        Account.objects.filter(pk=dst).update(balance=F("balance") + amount)\n',
    ),
    "SG-prisma-transfer-no-transaction": (
        "typescript",
        "async function transfer(from: string, to: string, amount: number) {\n  await prisma.account.update({ where: { id: from }, data: { balance: { decrement: amount } } });\n  await prisma.account.update({ where: { id: to }, data: { balance: { increment: amount } } });\n}\n",
        "async function transfer(from: string, to: string, amount: number) {\n  await prisma.$transaction([\n    prisma.account.update({ where: { id: from }, data: { balance: { decrement: amount } } }),\n    prisma.account.update({ where: { id: to }, data: { balance: { increment: amount } } }),\n  ]);\n}\n",
    ),
    "SG-java-singleton-counter": (
        "java",
        "@Service\npublic class VisitCounter {\n  private long visits = 0;\n\n  public void record() {\n    visits++;\n  }\n}\n",
        "@Service\npublic class VisitCounter {\n  private final AtomicLong visits = new AtomicLong();\n\n  public void record() {\n    visits.incrementAndGet();\n  }\n}\n",
    ),
    "SG-go-global-map-in-handler": (
        "go",
        "var seen = map[string]int{}\n\nfunc track(w http.ResponseWriter, r *http.Request) {\n\tseen[r.URL.Path] = seen[r.URL.Path] + 1\n}\n",
        "var (\n\tmu   sync.Mutex\n\tseen = map[string]int{}\n)\n\nfunc track(w http.ResponseWriter, r *http.Request) {\n\tmu.Lock()\n\tdefer mu.Unlock()\n\tseen[r.URL.Path] = seen[r.URL.Path] + 1\n}\n",
    ),
    "SG-spring-delete-by-id-unchecked": (
        "java",
        'class Invoices {\n  @DeleteMapping("/invoices/{id}")\n  public void delete(@PathVariable Long id) {\n    invoiceRepository.deleteById(id);\n  }\n}\n',
        'class Invoices {\n  @PreAuthorize("hasRole(\'ADMIN\')")\n  @DeleteMapping("/invoices/{id}")\n  public void delete(@PathVariable Long id) {\n    invoiceRepository.deleteById(id);\n  }\n}\n',
    ),
    "SG-secret-logged@reset-token": (
        "javascript",
        "function sendReset(email, resetToken) {\n  console.log(`reset for ${email}: ${resetToken}`);\n  return mailer.send(email, resetToken);\n}\n",
        "function sendReset(email, resetToken) {\n  console.log(`reset mail sent to ${email}`);\n  return mailer.send(email, resetToken);\n}\n",
    ),
    "SG-java-writes-no-transaction@debit": (
        "java",
        "class Transfers {\n  public void transfer(long from, long to, BigDecimal amount) {\n    ledger.debit(from, amount);\n    accounts.credit(to, amount);\n  }\n}\n",
        "class Transfers {\n  @Transactional\n  public void transfer(long from, long to, BigDecimal amount) {\n    ledger.debit(from, amount);\n    accounts.credit(to, amount);\n  }\n}\n",
    ),
    "SG-react-effect-no-deps-sets-state": (
        "typescript",
        "function Profile({ id }) {\n  const [user, setUser] = useState(null);\n  useEffect(() => {\n    fetch(`/api/users/${id}`).then(r => r.json()).then(setUser);\n  });\n  return <div>{user?.name}</div>;\n}\n",
        "function Profile({ id }) {\n  const [user, setUser] = useState(null);\n  useEffect(() => {\n    fetch(`/api/users/${id}`).then(r => r.json()).then(setUser);\n  }, [id]);\n  return <div>{user?.name}</div>;\n}\n",
    ),
    "SG-react-effect-missing-dependency": (
        "typescript",
        "function Search() {\n  const [query, setQuery] = useState('');\n  const [items, setItems] = useState([]);\n  useEffect(() => {\n    search(query).then(setItems);\n  }, []);\n  return <input value={query} onChange={e => setQuery(e.target.value)} />;\n}\n",
        "function Search() {\n  const [query, setQuery] = useState('');\n  const [items, setItems] = useState([]);\n  useEffect(() => {\n    search(query).then(setItems);\n  }, [query]);\n  return <input value={query} onChange={e => setQuery(e.target.value)} />;\n}\n",
    ),
    "SG-react-state-mutation": (
        "typescript",
        "function Todos() {\n  const [todos, setTodos] = useState([]);\n  const add = (t) => {\n    todos.push(t);\n    setTodos(todos);\n  };\n  return <List items={todos} onAdd={add} />;\n}\n",
        "function Todos() {\n  const [todos, setTodos] = useState([]);\n  const add = (t) => {\n    setTodos([...todos, t]);\n  };\n  return <List items={todos} onAdd={add} />;\n}\n",
    ),
    "SG-js-falsy-zero": (
        "typescript",
        "function label(price?: number): string {\n  if (!price) return 'N/A';\n  return `$${price.toFixed(2)}`;\n}\n",
        "function label(price?: number): string {\n  if (price === undefined) return 'N/A';\n  return `$${price.toFixed(2)}`;\n}\n",
    ),
    "SG-js-falsy-zero@default": (
        "javascript",
        "function checkout(cart, options) {\n  const discount = options.discount || 10;\n  return cart.total * (1 - discount / 100);\n}\n",
        "function checkout(cart, options) {\n  const discount = options.discount ?? 10;\n  return cart.total * (1 - discount / 100);\n}\n",
    ),
    "SG-always-true-or": (
        "typescript",
        "function check(status: string) {\n  if (status !== 'active' || status !== 'pending') {\n    throw new Error('invalid status');\n  }\n}\n",
        "function check(status: string) {\n  if (status !== 'active' && status !== 'pending') {\n    throw new Error('invalid status');\n  }\n}\n",
    ),
    "SG-py-always-true-or": (
        "python",
        'def require_admin(role):\n    if role != "admin" or role != "owner":\n        raise PermissionError(role)\n',
        'def require_admin(role):\n    if role not in ("admin", "owner"):\n        raise PermissionError(role)\n',
    ),
    "SG-java-always-true-or": (
        "java",
        'class Gate {\n  void check(String type) {\n    if (!type.equals("A") || !type.equals("B")) {\n      throw new IllegalArgumentException(type);\n    }\n  }\n}\n',
        'class Gate {\n  void check(String type) {\n    if (!type.equals("A") && !type.equals("B")) {\n      throw new IllegalArgumentException(type);\n    }\n  }\n}\n',
    ),
    "SG-float-equality": (
        "java",
        "class Promo {\n  boolean applies(double total) {\n    return total == 0.3;\n  }\n}\n",
        "class Promo {\n  boolean applies(double total) {\n    return Math.abs(total - 0.3) < 1e-9;\n  }\n}\n",
    ),
    "SG-django-n-plus-one": (
        "python",
        "def report():\n    for order in Order.objects.filter(paid=True):\n        print(order.id, order.customer.name)\n",
        'def report():\n    for order in Order.objects.filter(paid=True).select_related("customer"):\n        print(order.id, order.customer.name)\n',
    ),
}


@pytest.fixture(scope="module")
def fired() -> dict[tuple[int, str], bool]:
    try:
        semgrep_binary()
    except SemgrepMissing:
        pytest.fail("semgrep is not installed: `make` installs it in .venv-tools")
    snippets = []
    for language, buggy, fixed in CASES.values():
        snippets += [Snippet(buggy, language), Snippet(fixed, language)]
    numbered = list(enumerate(snippets, start=1))
    return {(f.snippet, f.rule): True for f in semgrep_findings(numbered)}


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule_fires_on_the_bug_and_not_on_the_fix(rule: str, fired: dict) -> None:
    number = 2 * list(CASES).index(rule) + 1
    rule_id = rule.partition("@")[0]
    assert fired.get((number, rule_id)), f"{rule} missed its bug"
    assert not fired.get((number + 1, rule_id)), f"{rule} fired on the fixed code"


def test_every_rule_has_its_own_severity_and_fix() -> None:
    """Not one borrowed by prefix: "SG-..." also starts with ruff's "S"."""
    rules = json.loads(resources.files("prompts").joinpath("data/code_rules.json").read_text())
    text = resources.files("prompts").joinpath("data/semgrep_rules.yaml").read_text()
    for rule in yaml.safe_load(text)["rules"]:
        assert rule["id"] in rules["rules"], f"{rule['id']} has no entry in code_rules.json"
        finding = classified("semgrep", rule["id"], 1, rule["message"])
        assert finding.fix and finding.severity in ("high", "medium", "low"), rule["id"]


def test_rule_ids_and_severity_entries_are_unique() -> None:
    """A second rule with an id already used would shadow the first one's fix and cases."""
    text = resources.files("prompts").joinpath("data/semgrep_rules.yaml").read_text()
    ids = [rule["id"] for rule in yaml.safe_load(text)["rules"]]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    data = resources.files("prompts").joinpath("data/code_rules.json").read_text()
    top = json.loads(data, object_pairs_hook=lambda pairs: pairs)  # duplicates kept
    keys = [key for key, _ in next(value for name, value in top if name == "rules")]
    assert len(keys) == len(set(keys)), sorted({k for k in keys if keys.count(k) > 1})


def test_a_review_without_semgrep_says_so_in_one_line(monkeypatch):
    from nodes.code_review import analyzers, semgrep

    monkeypatch.setattr(semgrep.shutil, "which", lambda name: None)
    monkeypatch.setattr(semgrep, "_TOOLS_VENV", semgrep.Path("/nonexistent/semgrep"))
    evidence = analyzers.analyze([Snippet("func f() {\n\tx := 1\n}\n", "go")])
    assert evidence.skipped == ["semgrep is not installed (run make, or put semgrep on PATH)"]
    assert not any(f.tool == "semgrep" for f in evidence.findings)


def test_a_secret_logged_on_the_line_after_the_log_call_is_found() -> None:
    """A log call whose arguments go on after a comma; not a call that ends on its line."""
    java = (
        "class Pay {\n  void charge(Card card) {\n"
        '    log.info("charging {} cvc {}",\n        card.id(), card.cvc());\n  }\n}\n'
    )
    go = (
        'func get(c *Client) error {\n\tif err != nil {\n\t\treturn fmt.Errorf("build: %w", err)\n'
        '\t}\n\treq.Header.Set("Authorization", "Bearer "+c.token)\n\treturn nil\n}\n'
    )
    found = semgrep_findings([(1, Snippet(java, "java")), (2, Snippet(go, "go"))])
    logged = {f.snippet for f in found if f.rule == "SG-secret-logged"}
    assert logged == {1}
