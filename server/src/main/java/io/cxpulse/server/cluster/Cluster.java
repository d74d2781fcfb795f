package io.cxpulse.server.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.List;
import java.util.function.Consumer;

/**
 * This node's membership of a Hazelcast cluster, through Vert.x's Hazelcast cluster manager: members are found by
 * TCP/IP from a fixed list (multicast and auto-detection off), and a member that stops answering is dropped within
 * seconds.
 */
public final class Cluster {
    /** The Hazelcast cluster's name; nodes of other products on the same hosts never join it. */
    public static final String NAME = "cx-pulse";
    /** The member attribute in which Vert.x's cluster manager keeps a member's Vert.x node id. */
    private static final String VERTX_NODE_ID = "__vertx.nodeId";

    private final ClusterOptions options;
    private final HazelcastClusterManager manager;

    public Cluster(ClusterOptions options) {
        this.options = options;
        this.manager = new HazelcastClusterManager(config(options));
    }

    static Config config(ClusterOptions options) {
        // Vert.x's defaults (the maps its event bus needs), with the network set here.
        Config config = ConfigUtil.loadConfig();
        config.setClusterName(NAME);
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        // The server's own shutdown leaves the cluster through Vert.x.
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        // A killed node is noticed within seconds, not the default minute.
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "6");
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(options.port()).setPortAutoIncrement(false);
        network.getInterfaces().setEnabled(true).setInterfaces(List.of(options.host()));
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(options.members());
        return config;
    }

    public ClusterOptions options() {
        return options;
    }

    /** The cluster manager to build this node's Vert.x with. */
    public ClusterManager manager() {
        return manager;
    }

    /** This node's id in the cluster (the one Vert.x uses). */
    public String nodeId() {
        return manager.getNodeId();
    }

    /** The ids of the nodes in the cluster now, this one included. */
    public List<String> nodes() {
        return manager.getNodes();
    }

    /** Whether this node is a running member of its cluster. */
    public boolean joined() {
        HazelcastInstance hz = manager.getHazelcastInstance();
        return manager.isActive() && hz != null && hz.getLifecycleService().isRunning();
    }

    private static String nodeId(Member member) {
        String id = member.getAttribute(VERTX_NODE_ID);
        return id != null ? id : member.getUuid().toString();
    }

    /**
     * Tells {@code added} and {@code left} (on a Hazelcast thread) the id of each node that joins or leaves; call after
     * Vert.x joined.
     */
    public void onMembership(Consumer<String> added, Consumer<String> left) {
        manager.getHazelcastInstance().getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent e) {
                added.accept(nodeId(e.getMember()));
            }

            @Override
            public void memberRemoved(MembershipEvent e) {
                left.accept(nodeId(e.getMember()));
            }
        });
    }
}
