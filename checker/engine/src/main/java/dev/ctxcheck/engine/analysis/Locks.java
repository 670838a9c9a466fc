package dev.ctxcheck.engine.analysis;

import dev.ctxcheck.engine.facts.CallSite;
import dev.ctxcheck.engine.facts.FlowGraph;
import dev.ctxcheck.engine.facts.LockEffect;
import dev.ctxcheck.engine.facts.MaskEffect;
import dev.ctxcheck.engine.facts.MethodFacts;
import dev.ctxcheck.engine.facts.Value;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lock identity and must-hold locksets (docs/model.md, "Locks").
 *
 * <p>A call of an {@code @AcquiresLock}/{@code @ReleasesLock} method takes or drops the lock its
 * argument (or receiver) holds; a guard's {@code @UnmasksScope} release drops the lock its creating
 * call took. A lock is identified like a per-CPU variable, by the field that holds it, traced through
 * parameters, locals and returns ({@link Variables}): an argument that traces to exactly one field
 * is that lock; otherwise it is an unknown lock, which protects nothing but counts for balance.
 *
 * <p>Within a body the analysis is flow-sensitive, relative to the body's entry like the mask
 * analysis: per site, the locks taken on every path so far ({@code gen}: the least count over the
 * paths is positive, intersection at joins) and those some path has released below the entry
 * ({@code kill}: the least count is negative). Into callees, the entry lockset of (method,
 * state) is the intersection over its incoming call edges in that state of the caller's entry
 * lockset less {@code kill} plus {@code gen} at the call; entry points start empty. It is a
 * must-analysis, a fixed point decreasing from "every lock".
 */
final class Locks {

  /** What one call does to a lock: {@code lock} its id (-1 unknown), {@code balance} its key for balance. */
  private record Event(boolean acquire, int lock, int balance) {}

  /** The lock effects of one site before identity is known. */
  private record Pending(int method, int site, boolean acquire, Variables.Query query, Value value, int creator) {}

  /** Per site: locks taken on every path before it, and locks some path has released. */
  private static final class BodyResult {
    BitSet[] gen;
    BitSet[] kill;
    /** Balance keys some / every path holds at the normal exit; null if the body cannot return. */
    BitSet exitMay;
    BitSet exitMust;
    final List<Integer> foreignReleases = new ArrayList<>();
    /** Per balance key, the first site that takes it. */
    final Map<Integer, Integer> takers = new HashMap<>();
  }

  /** A lock held at a method's return, or released without being taken there, for imbalance messages. */
  record Imbalance(List<Messages.LockHeldAtReturn> held, List<Messages.LockRelease> released) {}

  private final CallGraph graph;
  private final List<VariableKey.Field> fields = new ArrayList<>();
  private final Map<VariableKey.Field, Integer> idOf = new HashMap<>();
  private final List<Pending> pending = new ArrayList<>();
  /** Per method, per site, its lock events; null for a method with none. */
  private final Event[][][] events;
  private final BodyResult[] bodies;
  /** Per method, per state, the entry lockset; null where not computed. */
  private BitSet[][] entry;

  Locks(CallGraph graph, Variables variables) {
    this.graph = graph;
    int n = graph.size();
    events = new Event[n][][];
    bodies = new BodyResult[n];
    for (int m = 0; m < n; m++) {
      MethodFacts method = graph.method(m);
      if (!method.hasBody()) {
        continue;
      }
      List<CallSite> sites = method.sites();
      for (int s = 0; s < sites.size(); s++) {
        CallSite site = sites.get(s);
        if (site.kind() != CallSite.Kind.INVOKE) {
          continue;
        }
        MethodFacts callee = graph.facts(site.target());
        if (callee == null) {
          continue;
        }
        for (LockEffect e : callee.annotations().locks()) {
          Value v = e.parameter() == LockEffect.RECEIVER ? site.receiver() : site.argument(e.parameter());
          pending.add(new Pending(m, s, e.action() == LockEffect.Action.ACQUIRE, variables.askValue(m, s, v), v,
              -1));
        }
        MaskEffect effect = callee.maskEffect();
        if (effect != null && effect.action() == MaskEffect.Action.UNMASK_SCOPE && site.scopeSite() >= 0) {
          CallSite creating = sites.get(site.scopeSite());
          MethodFacts creator = graph.facts(creating.target());
          if (creator != null) {
            for (LockEffect c : creator.annotations().locks()) {
              if (c.action() == LockEffect.Action.ACQUIRE) {
                pending.add(new Pending(m, s, false, null, null, site.scopeSite()));
              }
            }
          }
        }
      }
    }
  }

  /** Whether the program takes any lock at all (else every lockset is empty). */
  boolean any() {
    return !pending.isEmpty();
  }

  /** The lock's field, as messages name it ({@code Stats.lock}). */
  String name(int lock) {
    return fields.get(lock).display();
  }

  /**
   * Resolves lock identities (after {@link Variables#solve()}) and runs the analysis of each body
   * that takes or releases a lock.
   */
  void analyseBodies() {
    Map<Integer, Map<Object, Integer>> balanceKeys = new HashMap<>();
    Map<Long, Event> acquiredAt = new HashMap<>();
    for (Pending p : pending) {
      int lock = -1;
      Object balanceObject;
      if (p.creator() >= 0) {
        Event created = acquiredAt.get(key(p.method(), p.creator()));
        lock = created == null ? -1 : created.lock();
        balanceObject = created == null ? new Object() : (Object) ("site " + p.creator());
      } else {
        Set<VariableKey> keys = p.query().keys();
        if (keys.size() == 1 && keys.iterator().next() instanceof VariableKey.Field f) {
          lock = idOf.computeIfAbsent(f, k -> {
            fields.add(k);
            return fields.size() - 1;
          });
        }
        balanceObject = lock >= 0 ? (Object) lock : p.value() != null ? p.value() : new Object();
      }
      Map<Object, Integer> keys = balanceKeys.computeIfAbsent(p.method(), k -> new HashMap<>());
      int balance = keys.computeIfAbsent(balanceObject, k -> keys.size());
      Event e = new Event(p.acquire(), lock, balance);
      if (p.acquire() && p.creator() < 0) {
        // A guard's release refers to its creating site by that site's own balance key.
        Event previous = acquiredAt.putIfAbsent(key(p.method(), p.site()), e);
        if (previous == null) {
          keys.put("site " + p.site(), balance);
        }
      }
      Event[][] byMethod = events[p.method()];
      if (byMethod == null) {
        byMethod = events[p.method()] = new Event[graph.method(p.method()).sites().size()][];
      }
      Event[] old = byMethod[p.site()];
      Event[] now = old == null ? new Event[1] : java.util.Arrays.copyOf(old, old.length + 1);
      now[now.length - 1] = e;
      byMethod[p.site()] = now;
    }
    for (int m = 0; m < events.length; m++) {
      if (events[m] != null) {
        bodies[m] = analyse(graph.method(m), events[m]);
      }
    }
  }

  private static long key(int method, int site) {
    return ((long) method << 32) | site;
  }

  // ------------------------------------------------------------------ within a body

  /** Counts saturate here, which bounds loops that take a lock in every iteration. */
  private static final int LIMIT = 8;

  /**
   * The state of a body at one point: per balance key (a lock, or an unknown one), the least and
   * greatest number of times the paths so far have taken it, relative to the entry. A lock is held
   * on every path where the least count is positive; a path has released its caller's where it is
   * negative. Counts, not sets: a lock taken twice (a guard inside an explicit section of the same
   * lock) is still held after the inner release.
   */
  private static final class State {
    final int[] lo;
    final int[] hi;

    State(int keys) {
      lo = new int[keys];
      hi = new int[keys];
    }

    State copy() {
      State s = new State(lo.length);
      System.arraycopy(lo, 0, s.lo, 0, lo.length);
      System.arraycopy(hi, 0, s.hi, 0, hi.length);
      return s;
    }

    /** Widens this by {@code o}; true if anything changed. */
    boolean join(State o) {
      boolean changed = false;
      for (int k = 0; k < lo.length; k++) {
        if (o.lo[k] < lo[k]) {
          lo[k] = o.lo[k];
          changed = true;
        }
        if (o.hi[k] > hi[k]) {
          hi[k] = o.hi[k];
          changed = true;
        }
      }
      return changed;
    }

    void apply(Event[] es) {
      if (es == null) {
        return;
      }
      for (Event e : es) {
        int b = e.balance();
        int step = e.acquire() ? 1 : -1;
        lo[b] = Math.max(-LIMIT, Math.min(lo[b] + step, LIMIT));
        hi[b] = Math.max(-LIMIT, Math.min(hi[b] + step, LIMIT));
      }
    }
  }

  private static BodyResult analyse(MethodFacts method, Event[][] siteEvents) {
    int siteCount = method.sites().size();
    int keys = 0;
    for (Event[] es : siteEvents) {
      if (es != null) {
        for (Event e : es) {
          keys = Math.max(keys, e.balance() + 1);
        }
      }
    }
    FlowGraph flow = method.flow() != null ? method.flow() : FlowGraph.straightLine(siteCount);
    State[] in = new State[flow.blockCount()];
    State[] atSite = new State[siteCount];
    FlowWalk.run(flow, atSite, in, new State(keys), new FlowWalk.Domain<State>() {
      @Override
      public State copy(State st) {
        return st.copy();
      }

      @Override
      public boolean join(State into, State other) {
        return into.join(other);
      }

      @Override
      public void transfer(State st, int s) {
        st.apply(siteEvents[s]);
      }

      // A call that throws while taking a lock has not taken it; one that releases has released.
      @Override
      public boolean undoneWhenThrown(int s) {
        return siteEvents[s] == null || siteEvents[s][0].acquire();
      }
    });
    // Which known lock each balance key stands for.
    int[] lockOf = new int[keys];
    java.util.Arrays.fill(lockOf, -1);
    for (Event[] es : siteEvents) {
      if (es != null) {
        for (Event e : es) {
          if (e.lock() >= 0) {
            lockOf[e.balance()] = e.lock();
          }
        }
      }
    }
    BodyResult r = new BodyResult();
    r.gen = new BitSet[siteCount];
    r.kill = new BitSet[siteCount];
    for (int s = 0; s < siteCount; s++) {
      State st = atSite[s];
      if (st != null) {
        r.gen[s] = new BitSet();
        r.kill[s] = new BitSet();
        for (int k = 0; k < keys; k++) {
          if (lockOf[k] >= 0 && st.lo[k] > 0) {
            r.gen[s].set(lockOf[k]);
          } else if (lockOf[k] >= 0 && st.lo[k] < 0) {
            r.kill[s].set(lockOf[k]);
          }
        }
      }
      Event[] es = siteEvents[s];
      if (es == null || st == null) {
        continue;
      }
      for (Event e : es) {
        if (e.acquire()) {
          r.takers.putIfAbsent(e.balance(), s);
        } else if (st.lo[e.balance()] <= 0) {
          r.foreignReleases.add(s);
        }
      }
    }
    State exit = in[flow.exit()];
    if (exit != null) {
      r.exitMay = new BitSet();
      r.exitMust = new BitSet();
      for (int k = 0; k < keys; k++) {
        if (exit.hi[k] > 0) {
          r.exitMay.set(k);
        }
        if (exit.lo[k] > 0) {
          r.exitMust.set(k);
        }
      }
    }
    return r;
  }

  // ------------------------------------------------------------------ into callees

  /** Computes the entry lockset of every reached (method, state), over the call graph. */
  void propagate(Propagation propagation, MaskFlow.Result[] maskFlows) {
    if (fields.isEmpty()) {
      return;
    }
    boolean rt = propagation.preemptRt();
    int n = graph.size();
    entry = new BitSet[n][];
    Deque<int[]> work = new ArrayDeque<>();
    for (CallGraph.Entry e : graph.entries()) {
      int st = propagation.entryState(e);
      BitSet[] byState = entry[e.method()] == null ? entry[e.method()] = new BitSet[Propagation.STATE_COUNT]
          : entry[e.method()];
      BitSet old = byState[st];
      if (old == null || !old.isEmpty()) {
        byState[st] = new BitSet();
        work.add(new int[] {e.method(), st});
      }
    }
    while (!work.isEmpty()) {
      int[] item = work.poll();
      int m = item[0];
      int st = item[1];
      BitSet mine = entry[m][st];
      int siteCount = graph.method(m).sites().size();
      for (int s = 0; s < siteCount; s++) {
        int[] targets = graph.targets(m, s);
        if (targets.length == 0) {
          continue;
        }
        int next = Propagation.next(st, maskFlows[m].at(s).apply(Propagation.holds(st)), rt);
        BitSet held = held(m, s, mine);
        for (int t : targets) {
          BitSet[] byState = entry[t] == null ? entry[t] = new BitSet[Propagation.STATE_COUNT] : entry[t];
          BitSet cur = byState[next];
          if (cur == null) {
            byState[next] = (BitSet) held.clone();
            work.add(new int[] {t, next});
          } else if (!cur.isEmpty()) {
            BitSet meet = (BitSet) cur.clone();
            meet.and(held);
            if (!meet.equals(cur)) {
              byState[next] = meet;
              work.add(new int[] {t, next});
            }
          }
        }
      }
    }
  }

  /** The locks held at {@code site} of {@code method} when the method is entered holding {@code atEntry}. */
  private BitSet held(int method, int site, BitSet atEntry) {
    BitSet out = (BitSet) atEntry.clone();
    BodyResult body = bodies[method];
    if (body != null && body.gen[site] != null) {
      out.andNot(body.kill[site]);
      out.or(body.gen[site]);
    }
    return out;
  }

  /** The locks surely held at {@code site} of {@code method} entered in {@code state}; empty if none. */
  BitSet lockset(int method, int site, int state) {
    if (entry == null) {
      return EMPTY;
    }
    BitSet[] byState = entry[method];
    BitSet atEntry = byState == null || byState[state] == null ? EMPTY : byState[state];
    return held(method, site, atEntry);
  }

  static final BitSet EMPTY = new BitSet();

  // ------------------------------------------------------------------ balance

  /** The lock imbalance of {@code method}'s body; null if it has none. */
  Imbalance imbalance(int method) {
    BodyResult r = bodies[method];
    if (r == null) {
      return null;
    }
    MethodFacts m = graph.method(method);
    List<Messages.LockHeldAtReturn> held = new ArrayList<>();
    if (r.exitMay != null) {
      for (int k = r.exitMay.nextSetBit(0); k >= 0; k = r.exitMay.nextSetBit(k + 1)) {
        Integer taker = r.takers.get(k);
        CallSite call = taker == null ? null : m.sites().get(taker);
        held.add(new Messages.LockHeldAtReturn(lockName(method, taker), r.exitMust.get(k),
            call == null ? null : calleeName(call), call == null || call.position() == null ? -1 : call.position().line()));
      }
    }
    List<Messages.LockRelease> released = new ArrayList<>();
    for (int s : r.foreignReleases) {
      CallSite call = m.sites().get(s);
      released.add(new Messages.LockRelease(lockName(method, s), calleeName(call),
          call.position() == null ? -1 : call.position().line()));
    }
    return held.isEmpty() && released.isEmpty() ? null : new Imbalance(held, released);
  }

  /** The name of the lock the call at {@code site} takes or releases, or null if unknown. */
  private String lockName(int method, Integer site) {
    if (site == null || events[method] == null || events[method][site] == null) {
      return null;
    }
    int lock = events[method][site][0].lock();
    return lock < 0 ? null : name(lock);
  }

  private String calleeName(CallSite call) {
    MethodFacts callee = graph.facts(call.target());
    return callee != null ? callee.name() : call.target();
  }
}
