"""The Redis cache makes one client per connection pool, not one per operation."""

import os

import pytest
import redis

from quartier.redis_cache import RedisCache

URL = "redis://127.0.0.1:6379/12"


@pytest.fixture
def empty():
    """A Redis database of its own, emptied first."""
    database = redis.Redis.from_url(URL)
    try:
        database.flushdb()
    except redis.ConnectionError:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip("Redis is not listening on 127.0.0.1:6379")
    yield
    database.flushdb()


def test_a_process_reads_and_writes_through_one_client(empty, monkeypatch):
    made = []
    make = redis.Redis.__init__

    def counted(client, *args, **kwargs):
        made.append(client)
        make(client, *args, **kwargs)

    monkeypatch.setattr(redis.Redis, "__init__", counted)
    cache = RedisCache(URL, {})
    for number in range(10):
        cache.set(f"row:{number}", {"number": number})
        cache.set_many({f"piece:{number}": "<li>"})
    found = cache.get_many([f"row:{number}" for number in range(10)])

    assert found == {f"row:{number}": {"number": number} for number in range(10)}
    assert cache.get("piece:3") == "<li>"
    assert len(made) == 1
