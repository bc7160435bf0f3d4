"""Notices reach their user in the portal and by e-mail, only once the work that caused them is committed."""

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from portal.notices.models import Notice, NoticePreference
from portal.notices.services import notify
from tests.factories import UserFactory, grant
from units import accounts
from units.access import Role


@pytest.fixture
def hoa(db):
    return UserFactory(username="hoa", email="hoa@example.vn")


class Failed(Exception):
    pass


@pytest.mark.django_db(transaction=True)
def test_a_notice_reaches_its_user_in_app_and_by_email_after_commit_and_never_on_rollback():
    hoa = UserFactory(username="hoa", email="hoa@example.vn")
    with transaction.atomic():
        notify(to=hoa, by=None, title="Hồ sơ bị trả lại", body="Bổ sung biên bản họp.", link="/units/")
        assert Notice.objects.filter(recipient=hoa).count() == 1, "in-app row written in the caller's transaction"
        assert mail.outbox == [], "nothing sent before the transaction commits"
    assert [m.to for m in mail.outbox] == [["hoa@example.vn"]]
    assert mail.outbox[0].subject == "Hồ sơ bị trả lại"
    assert "Bổ sung biên bản họp." in mail.outbox[0].body
    assert "http://127.0.0.1:8000/units/" in mail.outbox[0].body
    assert "/notices/settings/" in mail.outbox[0].body

    mail.outbox.clear()
    with pytest.raises(Failed), transaction.atomic():
        notify(to=hoa, by=None, title="Việc đã hủy")
        raise Failed
    assert mail.outbox == []
    assert not Notice.objects.filter(title="Việc đã hủy").exists()


def test_email_opt_out_is_respected_and_the_notice_still_shows(client, hoa, django_capture_on_commit_callbacks):
    NoticePreference.objects.create(user=hoa, email=False)
    with django_capture_on_commit_callbacks(execute=True):
        notify(to=hoa, by=None, title="Có đợt thi đua mới")
    assert mail.outbox == []
    client.force_login(hoa)
    assert "Có đợt thi đua mới" in client.get(reverse("notices:list")).content.decode()


def test_no_email_address_means_in_app_only(db, django_capture_on_commit_callbacks):
    quiet = UserFactory(email="")
    with django_capture_on_commit_callbacks(execute=True):
        notify(to=quiet, by=None, title="Xin chào")
    assert mail.outbox == [] and quiet.notices.count() == 1


def test_the_preference_page_turns_email_off_and_on(client, hoa):
    client.force_login(hoa)
    page = client.get(reverse("notices:preferences")).content.decode()
    assert "hoa@example.vn" in page and "checked" in page, "e-mail is on by default"
    assert client.post(reverse("notices:preferences"), {}).status_code == 302
    assert NoticePreference.objects.get(user=hoa).email is False
    client.post(reverse("notices:preferences"), {"email": "on"})
    assert NoticePreference.objects.get(user=hoa).email is True


def test_a_role_at_a_unit_reaches_whoever_holds_it_there(tree, django_capture_on_commit_callbacks):
    chairs = [UserFactory(email=f"chair{i}@example.vn") for i in range(2)]
    for chair in chairs:
        grant(chair, Role.GRASSROOTS_CHAIR, tree.school_a)
    grant(chairs[0], Role.LEADERSHIP, tree.school_a)  # holding two roles there is still one notice
    grant(UserFactory(email="elsewhere@example.vn"), Role.GRASSROOTS_CHAIR, tree.school_b)
    grant(UserFactory(email="above@example.vn"), Role.GRASSROOTS_CHAIR, tree.district_a)
    retired = UserFactory(email="gone@example.vn", is_active=False)
    grant(retired, Role.GRASSROOTS_CHAIR, tree.school_a)
    with django_capture_on_commit_callbacks(execute=True):
        sent = notify(role=Role.GRASSROOTS_CHAIR, unit=tree.school_a, by=None, title="Nhắc nộp báo cáo")
    assert sorted(n.recipient_id for n in sent) == sorted(c.pk for c in chairs)
    assert sorted(m.to[0] for m in mail.outbox) == ["chair0@example.vn", "chair1@example.vn"]


def test_notify_takes_a_recipient_or_a_role_at_a_unit_and_links_only_inside(hoa, tree):
    with pytest.raises(TypeError):
        notify(by=None, title="?")
    with pytest.raises(TypeError):
        notify(role=Role.GRASSROOTS_CHAIR, by=None, title="?")
    with pytest.raises(ValueError):
        notify(to=hoa, by=None, title="?", link="https://example.com/")
    with pytest.raises(ValueError):
        notify(to=hoa, by=None, title="?", link="//example.com/")


def test_giving_a_role_tells_the_account_holder(client, tree, cast, django_capture_on_commit_callbacks):
    UserFactory(username="lo.van.a", email="a@example.vn")
    with django_capture_on_commit_callbacks(execute=True):
        accounts.role_grant(by=cast.officer, username="lo.van.a", role=Role.GRASSROOTS_CHAIR, unit=tree.school_a)
    notice = Notice.objects.get(recipient__username="lo.van.a")
    assert notice.title == f"Bạn được giao vai trò Chủ tịch CĐCS tại {tree.school_a.name}"
    assert notice.sender == cast.officer and notice.link == tree.school_a.get_absolute_url()
    assert mail.outbox[0].subject == notice.title


def test_a_refused_role_grant_sends_nothing(tree, cast, django_capture_on_commit_callbacks):
    from django.core.exceptions import PermissionDenied

    UserFactory(username="lo.van.b", email="b@example.vn")
    with pytest.raises(PermissionDenied), django_capture_on_commit_callbacks(execute=True):
        accounts.role_grant(by=cast.chair, username="lo.van.b", role=Role.GRASSROOTS_CHAIR, unit=tree.school_a)
    assert mail.outbox == [] and not Notice.objects.exists()


def test_the_bell_counts_unread_notices_with_a_spoken_label(client, hoa):
    for i in range(3):
        notify(to=hoa, by=None, title=f"Tin {i}")
    client.force_login(hoa)
    page = client.get(reverse("home")).content.decode()
    assert 'aria-label="Thông báo: 3 chưa đọc"' in page
    client.post(reverse("notices:read-all"))
    assert 'aria-label="Thông báo"' in client.get(reverse("home")).content.decode()


def test_marking_read_one_and_all(client, hoa):
    first, second, third = (notify(to=hoa, by=None, title=f"Tin {i}", link="/units/")[0] for i in range(3))
    client.force_login(hoa)
    assert client.get(reverse("notices:read", args=[first.pk])).status_code == 405, "a change needs a POST"
    client.post(reverse("notices:read", args=[first.pk]))
    assert set(Notice.objects.unread_for(hoa)) == {second, third}
    response = client.get(second.get_absolute_url())
    assert response.status_code == 302 and response.url == "/units/", "opening a notice follows its link and reads it"
    assert set(Notice.objects.unread_for(hoa)) == {third}
    client.post(reverse("notices:read-all"))
    assert not Notice.objects.unread_for(hoa).exists()


def test_another_users_notice_is_a_404(client, hoa):
    theirs = notify(to=UserFactory(), by=None, title="Riêng tư", link="/units/")[0]
    client.force_login(hoa)
    assert client.get(theirs.get_absolute_url()).status_code == 404
    assert client.post(reverse("notices:read", args=[theirs.pk])).status_code == 404
    client.post(reverse("notices:read-all"))
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert "Riêng tư" not in client.get(reverse("notices:list")).content.decode()


def test_the_notice_list_query_count_stays_flat(client, hoa, django_assert_num_queries):
    notify(to=hoa, by=None, title="Tin đầu")
    client.force_login(hoa)
    # session, user, unread (bell), count and page of the list; the menu's grants.
    with django_assert_num_queries(6):
        client.get(reverse("notices:list"))
    for i in range(40):
        notify(to=hoa, by=UserFactory(), title=f"Tin {i}", link="/units/")
    with django_assert_num_queries(6):
        assert client.get(reverse("notices:list")).content.decode().count("Đánh dấu đã đọc<") == 41


class Recorder:
    """A channel such as a Zalo Official Account would be: it only has to take the new notices."""

    name = "recorder"
    seen: list = []

    def deliver(self, notices):
        Recorder.seen.extend(n.title for n in notices)


class Broken:
    name = "broken"

    def deliver(self, notices):
        raise ConnectionError("mail server down")


def test_another_channel_plugs_in_behind_the_same_call_and_one_failing_does_not_stop_others(
    hoa, settings, django_capture_on_commit_callbacks
):
    settings.NOTICE_CHANNELS = [f"{__name__}.Broken", f"{__name__}.Recorder", "portal.notices.channels.EmailChannel"]
    Recorder.seen = []
    with django_capture_on_commit_callbacks(execute=True):
        notify(to=hoa, by=None, title="Họp hội đồng thi đua")
    assert Recorder.seen == ["Họp hội đồng thi đua"]
    assert len(mail.outbox) == 1


def test_the_page_only_queues_the_email_and_the_worker_sends_it(transactional_db, client, settings):
    """With the real database queue the request sends nothing (a slow mail server cannot slow it down);
    `manage.py db_worker` sends the e-mail."""
    import io

    from django.core.management import call_command

    from tests.conftest import Tree

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    tree = Tree()
    staff = UserFactory(username="canbo.tinh")
    grant(staff, Role.PROVINCE_STAFF, tree.province)
    UserFactory(username="lo.thi.c", email="c@example.vn")
    client.force_login(staff)
    response = client.post(
        reverse("units:role-grant"), {"username": "lo.thi.c", "role": Role.GRASSROOTS_CHAIR, "unit": tree.school_b.code}
    )
    assert response.status_code == 302
    assert mail.outbox == [] and Notice.objects.filter(recipient__username="lo.thi.c").count() == 1
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--worker-id", "test", stdout=io.StringIO())
    assert [m.to for m in mail.outbox] == [["c@example.vn"]]
