package dev.ctxcheck.javac;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import dev.ctxcheck.engine.facts.FlowGraph;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.type.TypeMirror;
import org.checkerframework.errorprone.dataflow.cfg.ControlFlowGraph;
import org.checkerframework.errorprone.dataflow.cfg.UnderlyingAST;
import org.checkerframework.errorprone.dataflow.cfg.block.Block;
import org.checkerframework.errorprone.dataflow.cfg.block.ConditionalBlock;
import org.checkerframework.errorprone.dataflow.cfg.block.ExceptionBlock;
import org.checkerframework.errorprone.dataflow.cfg.block.SpecialBlock;
import org.checkerframework.errorprone.dataflow.cfg.builder.CFGBuilder;
import org.checkerframework.errorprone.dataflow.cfg.node.AssignmentNode;
import org.checkerframework.errorprone.dataflow.cfg.node.FunctionalInterfaceNode;
import org.checkerframework.errorprone.dataflow.cfg.node.LocalVariableNode;
import org.checkerframework.errorprone.dataflow.cfg.node.MethodInvocationNode;
import org.checkerframework.errorprone.dataflow.cfg.node.Node;
import org.checkerframework.errorprone.dataflow.cfg.node.ObjectCreationNode;
import org.checkerframework.errorprone.dataflow.cfg.node.ThrowNode;

/**
 * The reference for the engine's flow builder: lowers the Checker Framework dataflow library's
 * control-flow graph of a method or lambda body to the engine's {@link FlowGraph}, the same blocks
 * and edges, each block reduced to the call sites it runs. This was the javac front end's flow until
 * the engine built it itself; the differential test holds the two to the same mask states.
 */
public final class FlowLowering {

  private FlowLowering() {}

  /**
   * @param siteByTree the site of each call tree (by identity)
   * @param entrySites the sites the body runs first
   * @param closeSite the site of a resource's {@code close()} the library adds (callee, receiver),
   *     or -1 if it does not matter
   */
  public static FlowGraph lower(TreePath codePath, Map<Tree, Integer> siteByTree, List<Integer> entrySites,
      ProcessingEnvironment env, BiFunction<ExecutableElement, Element, Integer> closeSite) {
    UnderlyingAST ast = underlyingAst(codePath);
    // From the body's path: building from the compilation unit would search the whole file for it.
    ControlFlowGraph cfg = CFGBuilder.build(new TreePath(codePath, ast.getCode()), ast, false, false, env);
    FlowGraph.Builder out = new FlowGraph.Builder();
    Map<Block, Integer> index = new IdentityHashMap<>();
    // By identity: nodes compare structurally, and g.close() of two resources named g are equal.
    Map<Node, Integer> syntheticSites = new IdentityHashMap<>();
    Set<Block> blocks = cfg.getAllBlocks();
    for (Block b : blocks) {
      index.put(b, blockFor(b, cfg, out));
    }
    int first = out.newBlock();
    for (int s : entrySites) {
      out.addSite(first, s);
    }
    out.addEdge(out.entry(), first);
    for (Block b : blocks) {
      int from = b == cfg.getEntryBlock() ? first : index.get(b);
      if (b instanceof ExceptionBlock eb) {
        int site = siteOf(eb.getNode(), siteByTree, syntheticSites, closeSite);
        if (site >= 0) {
          out.addSite(from, site);
        }
        if (eb.getSuccessor() != null) {
          out.addEdge(from, index.get(eb.getSuccessor()));
        }
        for (Map.Entry<TypeMirror, Set<Block>> e : eb.getExceptionalSuccessors().entrySet()) {
          for (Block target : e.getValue()) {
            // Only a throw statement leaving the method directly is held to balance: an exception a
            // call throws, also one rethrown at the end of a finally, is the callee's doing.
            boolean explicit = eb.getNode() instanceof ThrowNode;
            boolean leaves = target == cfg.getExceptionalExitBlock();
            out.addExceptionalEdge(from, leaves && !explicit ? out.uncheckedExit() : index.get(target));
          }
        }
        continue;
      }
      for (Node n : b.getNodes()) {
        int site = siteOf(n, siteByTree, syntheticSites, closeSite);
        if (site >= 0) {
          out.addSite(from, site);
        }
      }
      if (b instanceof ConditionalBlock cb) {
        out.addEdge(from, index.get(cb.getThenSuccessor()));
        out.addEdge(from, index.get(cb.getElseSuccessor()));
      } else {
        for (Block succ : b.getSuccessors()) {
          out.addEdge(from, index.get(succ));
        }
      }
    }
    return out.build();
  }

  private static int blockFor(Block b, ControlFlowGraph cfg, FlowGraph.Builder out) {
    if (b instanceof SpecialBlock sb) {
      switch (sb.getSpecialType()) {
        case ENTRY:
          return out.entry();
        case EXIT:
        case EXCEPTIONAL_EXIT:
          return out.exit();
        default:
          break;
      }
    }
    return out.newBlock();
  }

  private static int siteOf(Node n, Map<Tree, Integer> siteByTree, Map<Node, Integer> syntheticSites,
      BiFunction<ExecutableElement, Element, Integer> synthetic) {
    Tree tree = null;
    if (n instanceof MethodInvocationNode || n instanceof ObjectCreationNode || n instanceof FunctionalInterfaceNode
        || n instanceof AssignmentNode) {
      // An assignment is a site when it writes a field through an object (x.f = v, x.f += v, x.f++).
      tree = n.getTree();
    }
    if (tree == null) {
      return -1;
    }
    Integer site = siteByTree.get(tree);
    if (site != null) {
      return site;
    }
    if (n instanceof MethodInvocationNode call && !call.getInSource()) {
      return syntheticSites.computeIfAbsent(n, k -> {
        Element callee = call.getTarget().getMethod();
        Node receiver = call.getTarget().getReceiver();
        Element receiverElement = receiver instanceof LocalVariableNode lv ? lv.getElement() : null;
        return callee instanceof ExecutableElement m ? synthetic.apply(m, receiverElement) : -1;
      });
    }
    return -1;
  }

  private static UnderlyingAST underlyingAst(TreePath path) {
    ClassTree classTree = null;
    MethodTree enclosingMethod = null;
    for (TreePath p = path.getParentPath(); p != null; p = p.getParentPath()) {
      if (p.getLeaf() instanceof MethodTree m && enclosingMethod == null) {
        enclosingMethod = m;
      }
      if (p.getLeaf() instanceof ClassTree c) {
        classTree = c;
        break;
      }
    }
    Tree leaf = path.getLeaf();
    if (leaf instanceof LambdaExpressionTree lambda) {
      return new UnderlyingAST.CFGLambda(lambda, classTree, enclosingMethod);
    }
    return new UnderlyingAST.CFGMethod((MethodTree) leaf, classTree);
  }
}
