package io.conversion.sync.inbound;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The only writer of {@code stream_position}: the replay id of the last change applied per CDC channel, written in
 * the transaction of the data it covers. Only the batch writer's thread writes.
 */
@Repository
class StreamPositionRepository {

    private final JdbcClient jdbc;
    private final Clock clock;

    StreamPositionRepository(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    Map<String, Long> all() {
        Map<String, Long> positions = new HashMap<>();
        jdbc.sql("select channel, replay_id from stream_position")
                .query(rs -> {
                    positions.put(rs.getString("channel"), rs.getLong("replay_id"));
                });
        return positions;
    }

    void save(String channel, long replayId) {
        Timestamp now = new Timestamp(clock.millis());
        int updated = jdbc.sql("update stream_position set replay_id = :id, updated_at = :now where channel = :channel")
                .param("id", replayId).param("now", now).param("channel", channel).update();
        if (updated == 0) {
            jdbc.sql("insert into stream_position (channel, replay_id, updated_at) values (:channel, :id, :now)")
                    .param("id", replayId).param("now", now).param("channel", channel).update();
        }
    }
}
