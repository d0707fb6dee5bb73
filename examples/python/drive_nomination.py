#!/usr/bin/python3
"""One nomination from draft to decision, through awardd's gRPC API.

A unit's clerk proposes a teacher for Lao động tiên tiến (a title the commune
decides without a council ballot), attaches the dossier, submits it; the
appraisal office passes it; the commune chair signs the decision, which gets
its number and its money; the query service then shows the nomination
decided, waiting for the decision's position (read-your-writes).

Stubs come from proto/ with Debian's protoc and grpc_python_plugin (see
run.sh, which generates them and runs this against a running awardd):

    examples/python/run.sh 127.0.0.1:50050
"""
import argparse
import hashlib
import sys
import uuid

import grpc

from award.v1 import authorities_pb2
from award.v1 import common_pb2
from award.v1 import decisions_pb2
from award.v1 import decisions_service_pb2
from award.v1 import decisions_service_pb2_grpc
from award.v1 import nominations_pb2
from award.v1 import nominations_service_pb2
from award.v1 import nominations_service_pb2_grpc
from award.v1 import query_service_pb2
from award.v1 import query_service_pb2_grpc

COMMUNE = "ubnd-xa-vi-du-python"


def awardee_id(subject_type, identity):
    """The awardee's stable id, derived as services/nominations/domain/awardee_id.h says."""
    prefix = {common_pb2.SUBJECT_TYPE_INDIVIDUAL: "i-",
              common_pb2.SUBJECT_TYPE_COLLECTIVE: "c-",
              common_pb2.SUBJECT_TYPE_HOUSEHOLD: "h-"}[subject_type]
    material = b"award.awardee.v1\0" + str(subject_type).encode() + b"\0" + identity.encode()
    return prefix + hashlib.sha256(material).hexdigest()[:20]


def date(year, month, day):
    return common_pb2.Date(year=year, month=month, day=day)


class Clerk:
    """Every command carries who acts and a request id; a retry reuses the id."""

    def __init__(self, channel, actor, run):
        self.nominations = nominations_service_pb2_grpc.NominationsStub(channel)
        self.decisions = decisions_service_pb2_grpc.DecisionsStub(channel)
        self.query = query_service_pb2_grpc.QueryStub(channel)
        self.actor = actor
        self.run = run

    def meta(self, step):
        return common_pb2.CommandMeta(actor=self.actor, request_id=f"py-{self.run}-{step}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default="127.0.0.1:50050", help="awardd's address")
    args = parser.parse_args()
    run = uuid.uuid4().hex[:8]  # one set of ids per run of the example
    channel = grpc.insecure_channel(args.server)
    grpc.channel_ready_future(channel).result(timeout=30)
    clerk = Clerk(channel, "vi-du-python:van-thu", run)

    # The commune, once (a repeated registration is answered as ALREADY_EXISTS).
    try:
        clerk.nominations.RegisterAuthority(nominations_service_pb2.RegisterAuthorityRequest(
            meta=clerk.meta("register"),
            authority=authorities_pb2.AuthorityRegistered(
                authority_id=COMMUNE, name="Ủy ban nhân dân xã Ví Dụ",
                level=common_pb2.AUTHORITY_LEVEL_COMMUNE, decision_symbol="QĐ-UBND",
                established_on=date(2025, 7, 1))))
    except grpc.RpcError as error:
        if error.code() != grpc.StatusCode.ALREADY_EXISTS:
            raise

    nomination_id = f"py-{run}"
    nominee = nominations_pb2.Nominee(
        subject_type=common_pb2.SUBJECT_TYPE_INDIVIDUAL,
        awardee_id=awardee_id(common_pb2.SUBJECT_TYPE_INDIVIDUAL, f"CCCD-{run}"),
        full_name="Lê Thị Minh Châu", organisation_unit="Trường Tiểu học Ví Dụ",
        position="Giáo viên", direct_worker=True)
    clerk.nominations.DraftNomination(nominations_service_pb2.DraftNominationRequest(
        meta=clerk.meta("draft"),
        draft=nominations_pb2.NominationDrafted(
            nomination_id=nomination_id, authority_id=COMMUNE,
            proposer_unit="Trường Tiểu học Ví Dụ", nominee=nominee,
            kind=common_pb2.AWARD_KIND_LAO_DONG_TIEN_TIEN,
            period=common_pb2.AchievementPeriod(year=2025), basis=common_pb2.BASIS_MERIT,
            years=[nominations_pb2.YearRecord(year=2025, rating=nominations_pb2.RATING_GOOD)])))

    for kind, title in [(common_pb2.DOCUMENT_KIND_SUBMISSION_MEMO, "Tờ trình"),
                        (common_pb2.DOCUMENT_KIND_ACHIEVEMENT_REPORT, "Báo cáo thành tích"),
                        (common_pb2.DOCUMENT_KIND_REVIEW_MINUTES, "Biên bản họp xét")]:
        content = f"{nomination_id}/{title}".encode()
        clerk.nominations.AttachDocument(nominations_service_pb2.AttachDocumentRequest(
            meta=clerk.meta(f"attach-{kind}"), nomination_id=nomination_id,
            document=common_pb2.DossierDocument(
                kind=kind, title=title, sha256=hashlib.sha256(content).digest(),
                size_bytes=len(content), media_type="application/pdf")))

    clerk.nominations.SubmitNomination(nominations_service_pb2.SubmitNominationRequest(
        meta=clerk.meta("submit"), nomination_id=nomination_id, received_on=date(2025, 12, 10)))
    # `pass` is a Python keyword, so that field is given by name.
    appraised = clerk.nominations.AppraiseNomination(
        nominations_service_pb2.AppraiseNominationRequest(
            meta=clerk.meta("appraise"), nomination_id=nomination_id, note="Hồ sơ đầy đủ",
            **{"pass": True}))
    print("thẩm định:", nominations_service_pb2.NominationState.Name(appraised.outcome.state))

    decision_id = f"py-qd-{run}"
    drafted = clerk.decisions.DraftDecision(decisions_service_pb2.DraftDecisionRequest(
        meta=clerk.meta("draft-decision"), decision_id=decision_id, authority_id=COMMUNE,
        signer=decisions_pb2.Signer(person_id="ct-vi-du", full_name="Trần Văn Bình",
                                    title="Chủ tịch Ủy ban nhân dân xã",
                                    capacity=decisions_pb2.SIGNER_CAPACITY_HEAD),
        decision_date=date(2025, 12, 26),
        subject="Về việc công nhận danh hiệu Lao động tiên tiến năm 2025",
        nomination_ids=[nomination_id]))
    issued = clerk.decisions.IssueDecision(decisions_service_pb2.IssueDecisionRequest(
        meta=clerk.meta("issue"), decision_id=decision_id, numbered_on=date(2025, 12, 26)))
    print("quyết định:", issued.number_text, "tiền thưởng:", drafted.drafted.total_vnd, "đ")

    view = clerk.query.GetNominationView(query_service_pb2.GetNominationViewRequest(
        nomination_id=nomination_id, min_position=issued.outcome.recorded.position), timeout=30).view
    state = nominations_service_pb2.NominationState.Name(view.nomination.state)
    print("đề nghị:", nomination_id, state, view.nomination.decided.number_text, view.amount_vnd, "đ")

    if state != "NOMINATION_STATE_DECIDED" or view.amount_vnd != 710000 or \
            view.nomination.decided.number_text != issued.number_text:
        print("unexpected answer", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
