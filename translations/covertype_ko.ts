<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>ChartStyle</name>
    <message>
        <location filename="../ui/charts/chartstyle.cpp" line="+107"/>
        <source>Cover type %1</source>
        <translation>피복 유형 %1</translation>
    </message>
    <message>
        <location line="+66"/>
        <location line="+32"/>
        <source>Running</source>
        <translation>실행 중</translation>
    </message>
    <message>
        <location line="-30"/>
        <location line="+32"/>
        <source>Succeeded</source>
        <translation>성공</translation>
    </message>
    <message>
        <location line="-30"/>
        <location line="+32"/>
        <source>Failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <location line="-30"/>
        <source>Stopped early</source>
        <translation>조기 중지됨</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+30"/>
        <source>Cancelled</source>
        <translation>취소됨</translation>
    </message>
    <message>
        <location line="-21"/>
        <source>tuning</source>
        <translation>튜닝</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>pipeline</source>
        <translation>파이프라인</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>training</source>
        <translation>학습</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Queued</source>
        <translation>대기 중</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Interrupted</source>
        <translation>중단됨</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Validation accuracy</source>
        <translation>검증 정확도</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Validation macro recall</source>
        <translation>검증 매크로 재현율</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>index 0–255</source>
        <translation>인덱스 0–255</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>epochs</source>
        <translation>에포크</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>log scale</source>
        <translation>로그 스케일</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>reverse log scale</source>
        <translation>역 로그 스케일</translation>
    </message>
</context>
<context>
    <name>CoverType</name>
    <message>
        <location line="-231"/>
        <source>Spruce/Fir</source>
        <translation>가문비나무/전나무</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lodgepole Pine</source>
        <translation>로지폴소나무</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ponderosa Pine</source>
        <translation>폰데로사소나무</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cottonwood/Willow</source>
        <translation>미루나무/버드나무</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Aspen</source>
        <translation>사시나무</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Douglas-fir</source>
        <translation>더글러스전나무</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Krummholz</source>
        <translation>크룸홀츠</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <location filename="../ui/runs/runcomparedialog.cpp" line="+68"/>
        <source>no succeeded trial</source>
        <translation>성공한 트라이얼 없음</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>trial %1: %2</source>
        <translation>트라이얼 %1: %2</translation>
    </message>
    <message>
        <location filename="../ui/deploy/deploytargetchooser.cpp" line="+133"/>
        <source>Deploys go to the local registry: the Vertex AI endpoint chosen last cannot be used (%1)</source>
        <translation>배포 대상은 로컬 레지스트리입니다: 마지막으로 선택한 Vertex AI 엔드포인트를 사용할 수 없습니다 (%1)</translation>
    </message>
</context>
<context>
    <name>covertype::ui::BigQueryLoader</name>
    <message>
        <location filename="../ui/cloudtasks/bigqueryloader.cpp" line="+27"/>
        <source>Load into &amp;BigQuery…</source>
        <translation>BigQuery로 로드(&amp;B)…</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Load the open table into BigQuery as %1 (staged under %2)</source>
        <translation>열린 테이블을 BigQuery의 %1(으)로 로드합니다 (%2 아래에 스테이징)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Load the open table into BigQuery: first %1 (Cloud Settings, Ctrl+,)</source>
        <translation>열린 테이블을 BigQuery로 로드하려면 먼저 %1 (클라우드 설정, Ctrl+,)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Cannot load into BigQuery: %1 (Cloud Settings, Ctrl+,)</source>
        <translation>BigQuery로 로드할 수 없습니다: %1 (클라우드 설정, Ctrl+,)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Load into BigQuery</source>
        <translation>BigQuery로 로드</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Replace the BigQuery table %1 with the %2 rows of %3?</source>
        <translation>BigQuery 테이블 %1을(를) %3의 행 %2개로 바꾸시겠습니까?</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Loading %1 rows into %2…</source>
        <translation>행 %1개를 %2(으)로 로드하는 중…</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Loading into BigQuery was cancelled.</source>
        <translation>BigQuery 로드가 취소되었습니다.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Loading into BigQuery failed: %1</source>
        <translation>BigQuery 로드 실패: %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Loaded %1 rows into %2 (job %3); BigQuery counts as many as the file.</source>
        <translation>행 %1개를 %2(으)로 로드했습니다 (작업 %3). BigQuery의 행 수가 파일과 같습니다.</translation>
    </message>
</context>
<context>
    <name>covertype::ui::BigQuerySplitter</name>
    <message>
        <location filename="../ui/cloudtasks/bigquerysplitter.cpp" line="+34"/>
        <source>Split &amp;in BigQuery</source>
        <translation>BigQuery에서 분할(&amp;I)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Split</source>
        <translation>분할</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Local preview</source>
        <translation>로컬 미리보기</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>BigQuery</source>
        <translation>BigQuery</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Difference</source>
        <translation>차이</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Exported to</source>
        <translation>내보낸 위치</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Run these queries in BigQuery: first set the Cloud Storage root (Cloud Settings, Ctrl+,)</source>
        <translation>이 쿼리를 BigQuery에서 실행하려면 먼저 Cloud Storage 루트를 설정하세요 (클라우드 설정, Ctrl+,)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Run these queries in BigQuery, export each split to %1datasets/ and compare BigQuery&apos;s row counts with the local preview&apos;s</source>
        <translation>이 쿼리를 BigQuery에서 실행하고 각 분할을 %1datasets/(으)로 내보낸 뒤 BigQuery의 행 수를 로컬 미리보기와 비교합니다</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Cannot split in BigQuery: %1</source>
        <translation>BigQuery에서 분할할 수 없습니다: %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Splitting %1 in BigQuery…</source>
        <translation>BigQuery에서 %1을(를) 분할하는 중…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The split in BigQuery was cancelled.</source>
        <translation>BigQuery 분할이 취소되었습니다.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The split in BigQuery failed: %1</source>
        <translation>BigQuery 분할 실패: %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Training</source>
        <translation>학습</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Validation</source>
        <translation>검증</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Testing</source>
        <translation>테스트</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>BigQuery counts %1 rows, the local preview %2</source>
        <translation>BigQuery는 %1행, 로컬 미리보기는 %2행</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+5"/>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>none</source>
        <translation>없음</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>BigQuery&apos;s row counts differ from the local preview&apos;s (%1): is the table in BigQuery the open file?</source>
        <translation>BigQuery의 행 수가 로컬 미리보기와 다릅니다 (%1): BigQuery의 테이블이 열린 파일과 같은가요?</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>, </source>
        <translation>, </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Split in BigQuery: the row counts match the local preview&apos;s; each split is exported.</source>
        <translation>BigQuery 분할: 행 수가 로컬 미리보기와 일치하며 각 분할을 내보냈습니다.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Split in BigQuery: each split is exported (no local preview to compare with).</source>
        <translation>BigQuery 분할: 각 분할을 내보냈습니다 (비교할 로컬 미리보기 없음).</translation>
    </message>
</context>
<context>
    <name>covertype::ui::ChartWidget</name>
    <message>
        <location filename="../ui/charts/chartwidget.cpp" line="+27"/>
        <source>Cannot write the chart to %1: %2</source>
        <translation>차트를 %1에 쓸 수 없습니다: %2</translation>
    </message>
    <message>
        <location line="+132"/>
        <source>Cannot export the chart to %1: use a .png, .pdf or .svg file name</source>
        <translation>차트를 %1(으)로 내보낼 수 없습니다: .png, .pdf 또는 .svg 파일 이름을 사용하세요</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>the image could not be encoded</source>
        <translation>이미지를 인코딩할 수 없습니다</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>the painter could not start</source>
        <translation>페인터를 시작할 수 없습니다</translation>
    </message>
</context>
<context>
    <name>covertype::ui::ClassDistributionChart</name>
    <message>
        <location filename="../ui/charts/classdistributionchart.cpp" line="+19"/>
        <source>Cover type</source>
        <translation>피복 유형</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Class distribution</source>
        <translation>클래스 분포</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>Share of the split&apos;s rows (%)</source>
        <translation>분할 내 행 비율(%)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Rows</source>
        <translation>행 수</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>%1 rows (%2% of %3)</source>
        <translation>%1개 행(%3의 %2%)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 — %2
%3</source>
        <translation>%1 — %2
%3</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1
%2</source>
        <translation>%1
%2</translation>
    </message>
</context>
<context>
    <name>covertype::ui::CloudSettingsDialog</name>
    <message>
        <location filename="../ui/cloudsetup/cloudsettingsdialog.cpp" line="+43"/>
        <source>Cloud Storage root</source>
        <translation>Cloud Storage 루트</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>BigQuery table</source>
        <translation>BigQuery 테이블</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+70"/>
        <source>Key file</source>
        <translation>키 파일</translation>
    </message>
    <message>
        <location line="-68"/>
        <source>Training machine</source>
        <translation>학습 머신</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Serving machine</source>
        <translation>서빙 머신</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Trainer image</source>
        <translation>트레이너 이미지</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Serving image</source>
        <translation>서빙 이미지</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Cloud Settings</source>
        <translation>클라우드 설정</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+137"/>
        <source>Test Co&amp;nnection</source>
        <translation>연결 테스트(&amp;N)</translation>
    </message>
    <message>
        <location line="-110"/>
        <source>Project</source>
        <translation>프로젝트</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>not set: CLOUDSDK_CORE_PROJECT or gcloud config set project</source>
        <translation>설정되지 않음: CLOUDSDK_CORE_PROJECT 또는 gcloud config set project</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Project:</source>
        <translation>프로젝트(&amp;P):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Region:</source>
        <translation>리전(&amp;R):</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Automatic (Application Default Credentials)</source>
        <translation>자동 (애플리케이션 기본 사용자 인증 정보)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>gcloud login (gcloud auth print-access-token)</source>
        <translation>gcloud 로그인 (gcloud auth print-access-token)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Automatic looks where Google&apos;s client libraries look: GOOGLE_APPLICATION_CREDENTIALS, gcloud&apos;s application default credentials, the metadata server, then gcloud.</source>
        <translation>자동은 Google 클라이언트 라이브러리와 같은 순서로 찾습니다: GOOGLE_APPLICATION_CREDENTIALS, gcloud의 애플리케이션 기본 사용자 인증 정보, 메타데이터 서버, 그다음 gcloud.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Credentials:</source>
        <translation>사용자 인증 정보(&amp;C):</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>service-account or authorized_user JSON file</source>
        <translation>서비스 계정 또는 authorized_user JSON 파일</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Browse…</source>
        <translation>찾아보기(&amp;B)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Choose a Key File</source>
        <translation>키 파일 선택</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>JSON files (*.json)</source>
        <translation>JSON 파일 (*.json)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Key file:</source>
        <translation>키 파일(&amp;K):</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Storage and data</source>
        <translation>스토리지와 데이터</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Splits, jobs&apos; output and models go under this Cloud Storage folder.</source>
        <translation>분할, 작업 출력, 모델이 이 Cloud Storage 폴더 아래에 저장됩니다.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cloud &amp;Storage root:</source>
        <translation>Cloud Storage 루트(&amp;S):</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>BigQuery &amp;table:</source>
        <translation>BigQuery 테이블(&amp;T):</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>BigQuery &amp;location:</source>
        <translation>BigQuery 위치(&amp;L):</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Containers and machines</source>
        <translation>컨테이너와 머신</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Tra&amp;iner image:</source>
        <translation>트레이너 이미지(&amp;I):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ser&amp;ving image:</source>
        <translation>서빙 이미지(&amp;V):</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Training &amp;machine:</source>
        <translation>학습 머신(&amp;M):</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Serving mac&amp;hine:</source>
        <translation>서빙 머신(&amp;H):</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Find the credentials, get a token and ask Vertex AI, Cloud Storage and BigQuery for something harmless</source>
        <translation>사용자 인증 정보를 찾고 토큰을 받아 Vertex AI, Cloud Storage, BigQuery에 무해한 요청을 보냅니다</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>This build has no cloud backend.</source>
        <translation>이 빌드에는 클라우드 백엔드가 없습니다.</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>no price for it in %1</source>
        <translation>%1에 대한 가격 없음</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 vCPUs, %2 %3/h</source>
        <translation>vCPU %1개, 시간당 %2 %3</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Prices copied on %1 from %2 (%3); check them before relying on them.</source>
        <translation>%1에 %2에서 복사한 가격입니다(%3). 사용하기 전에 확인하세요.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Cancel Co&amp;nnection Test</source>
        <translation>연결 테스트 취소(&amp;N)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Testing the connection…</source>
        <translation>연결을 테스트하는 중…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>No connection: %1</source>
        <translation>연결 실패: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cloud connection test: %1</source>
        <translation>클라우드 연결 테스트: %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Credentials: %1</source>
        <translation>사용자 인증 정보: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Account: %1</source>
        <translation>계정: %1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>(not known)</source>
        <translation>(알 수 없음)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Project: %1 (from %2)</source>
        <translation>프로젝트: %1 (%2에서)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Region: %1 (from %2)</source>
        <translation>리전: %1 (%2에서)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>✓ %1: %2</source>
        <translation>✓ %1: %2</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>✗ %1: %2</source>
        <translation>✗ %1: %2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Cloud connection test: every service answered (%1, %2)</source>
        <translation>클라우드 연결 테스트: 모든 서비스가 응답했습니다 (%1, %2)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cloud connection test: a service did not answer, see Cloud Settings</source>
        <translation>클라우드 연결 테스트: 응답하지 않은 서비스가 있습니다. 클라우드 설정을 확인하세요</translation>
    </message>
</context>
<context>
    <name>covertype::ui::CloudTaskBar</name>
    <message>
        <location filename="../ui/cloudtasks/cloudtaskbar.cpp" line="+18"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Cancelling…</source>
        <translation>취소하는 중…</translation>
    </message>
</context>
<context>
    <name>covertype::ui::ColumnPanel</name>
    <message>
        <location filename="../ui/data/columnpanel.cpp" line="+78"/>
        <source>Type:</source>
        <translation>유형:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Minimum:</source>
        <translation>최솟값:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Maximum:</source>
        <translation>최댓값:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mean:</source>
        <translation>평균:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Std. deviation:</source>
        <translation>표준 편차:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Distinct values:</source>
        <translation>고유 값 수:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>NULL cells:</source>
        <translation>NULL 셀:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Most frequent:</source>
        <translation>최빈값:</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>No column selected</source>
        <translation>선택한 열 없음</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>%1 — computing statistics…</source>
        <translation>%1 — 통계 계산 중…</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+21"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location line="-18"/>
        <source>Filtered: %1 of %2 rows</source>
        <translation>필터링됨: %2개 행 중 %1개</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>All %1 rows</source>
        <translation>전체 %1개 행</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Distribution of %1</source>
        <translation>%1 분포</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Rows per cover type</source>
        <translation>피복 유형별 행 수</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>All rows</source>
        <translation>모든 행</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Filtered rows</source>
        <translation>필터링된 행</translation>
    </message>
</context>
<context>
    <name>covertype::ui::ConfusionMatrixChart</name>
    <message>
        <location filename="../ui/charts/confusionmatrixchart.cpp" line="+44"/>
        <source>Share of the true class (%)</source>
        <translation>실제 클래스 대비 비율(%)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Predicted class</source>
        <translation>예측 클래스</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>True class</source>
        <translation>실제 클래스</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Confusion matrix</source>
        <translation>혼동 행렬</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Confusion matrix — %1</source>
        <translation>혼동 행렬 — %1</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>%1
%2%</source>
        <translation>%1
%2%</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>True %1, predicted %2
%3 of %4 rows (%5%)</source>
        <translation>실제 %1, 예측 %2
%4개 행 중 %3개(%5%)</translation>
    </message>
</context>
<context>
    <name>covertype::ui::DataPanel</name>
    <message>
        <location filename="../ui/data/datapanel.cpp" line="+82"/>
        <source>Filter, e.g. Elevation 2500..3000, Cover_Type = 2, Wilderness_Area = Rawah</source>
        <translation>필터, 예: Elevation 2500..3000, Cover_Type = 2, Wilderness_Area = Rawah</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Conditions joined by &quot;,&quot; or &quot;and&quot;: Column lo..hi (inclusive), Column = value, !=, &lt;, &lt;=, &gt;, &gt;=. Press Enter to apply (Ctrl+F).</source>
        <translation>조건은 &quot;,&quot; 또는 &quot;and&quot;로 연결합니다: 열 lo..hi(경계 포함), 열 = 값, !=, &lt;, &lt;=, &gt;, &gt;=. Enter 키를 눌러 적용합니다(Ctrl+F).</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Clear filter</source>
        <translation>필터 지우기</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show every row again (Esc in the filter field)</source>
        <translation>모든 행 다시 표시(필터 입력란에서 Esc)</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Click a column header to sort by it</source>
        <translation>열 머리글을 클릭하면 해당 열로 정렬합니다</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>&amp;Filter:</source>
        <translation>필터(&amp;F):</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Find rows</source>
        <translation>행 찾기</translation>
    </message>
    <message>
        <location line="+76"/>
        <source>No dataset is open. Open a CSV file to browse its rows.</source>
        <translation>열린 데이터 세트가 없습니다. CSV 파일을 열어 행을 살펴보세요.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1 — %2 rows, %3 columns</source>
        <translation>%1 — %2개 행, %3개 열</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Untitled</source>
        <translation>제목 없음</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Filter not applied: %1</source>
        <translation>필터가 적용되지 않음: %1</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>Sorting and filtering…</source>
        <translation>정렬 및 필터링 중…</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Could not sort or filter the rows: %1</source>
        <translation>행을 정렬하거나 필터링할 수 없습니다: %1</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>%1 of %2 rows</source>
        <translation>%2개 행 중 %1개</translation>
    </message>
</context>
<context>
    <name>covertype::ui::DatasetFetch</name>
    <message>
        <location filename="../ui/shell/datasetfetch.cpp" line="+59"/>
        <source>Downloading is not available in this build.</source>
        <translation>이 빌드에서는 다운로드를 사용할 수 없습니다.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A download is already running.</source>
        <translation>이미 다운로드가 진행 중입니다.</translation>
    </message>
</context>
<context>
    <name>covertype::ui::DeployChecklist</name>
    <message>
        <location filename="../ui/deploy/deploychecklist.cpp" line="+46"/>
        <source>%1 removed again: %2</source>
        <translation>%1 다시 제거됨: %2</translation>
    </message>
</context>
<context>
    <name>covertype::ui::DeployPanel</name>
    <message>
        <location filename="../ui/deploy/deploypanel.cpp" line="+62"/>
        <source>Run and model</source>
        <translation>실행 및 모델</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>accuracy</source>
        <translation>정확도</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>recall (macro)</source>
        <translation>재현율(매크로)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The testing metric the pipeline recorded with the model</source>
        <translation>파이프라인이 모델과 함께 기록한 테스트 지표</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The model deploys when its metric is strictly above this value</source>
        <translation>지표가 이 값을 초과할 때만 모델이 배포됩니다</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Threshold gate</source>
        <translation>임곗값 게이트</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Metric:</source>
        <translation>지표(&amp;M):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Threshold:</source>
        <translation>임곗값(&amp;T):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Decision:</source>
        <translation>판정:</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The next free version is proposed; any letter-first name works</source>
        <translation>사용 가능한 다음 버전이 제안됩니다. 문자로 시작하는 이름은 모두 사용할 수 있습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Re&amp;place an existing version</source>
        <translation>기존 버전 교체(&amp;P)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Deploy best model</source>
        <translation>최적 모델 배포(&amp;D)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Deploy &amp;anyway…</source>
        <translation>강제 배포(&amp;A)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Deploy a model that failed the gate, after confirmation</source>
        <translation>게이트를 통과하지 못한 모델을 확인 후 배포</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Deploy the run&apos;s final model to the chosen target (Ctrl+D)</source>
        <translation>실행의 최종 모델을 선택한 대상에 배포합니다 (Ctrl+D)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stop the deploy to Vertex AI and remove what it made so far</source>
        <translation>Vertex AI 배포를 중지하고 지금까지 만든 것을 제거합니다</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Deploy</source>
        <translation>배포</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Model &amp;name:</source>
        <translation>모델 이름(&amp;N):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Version:</source>
        <translation>버전(&amp;V):</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Model</source>
        <translation>모델</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Version</source>
        <translation>버전</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Default</source>
        <translation>기본값</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Traffic</source>
        <translation>트래픽</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Created (UTC)</source>
        <translation>생성 시각(UTC)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Artifact</source>
        <translation>아티팩트</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Endpoint</source>
        <translation>엔드포인트</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Set de&amp;fault</source>
        <translation>기본값으로 설정(&amp;F)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Undeploy…</source>
        <translation>배포 취소(&amp;U)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>De&amp;lete Endpoint…</source>
        <translation>엔드포인트 삭제(&amp;L)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Delete the selected version&apos;s Vertex AI endpoint with every model deployed on it</source>
        <translation>선택한 버전의 Vertex AI 엔드포인트를 그곳에 배포된 모든 모델과 함께 삭제합니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Refresh</source>
        <translation>새로 고침(&amp;R)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Re-read the run and the registry (F5)</source>
        <translation>실행과 레지스트리 다시 읽기(F5)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Deployed models</source>
        <translation>배포된 모델</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Local prediction server</source>
        <translation>로컬 예측 서버</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Query</source>
        <translation>쿼리</translation>
    </message>
    <message>
        <location line="+90"/>
        <source>No run selected: pick one in the Runs stage.</source>
        <translation>선택한 실행이 없습니다. 실행 단계에서 하나를 선택하세요.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No run store is open.</source>
        <translation>열린 실행 저장소가 없습니다.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cannot read run %1 from %2: %3</source>
        <translation>%2에서 실행 %1을(를) 읽을 수 없습니다: %3</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Run %1 (%2, %3)</source>
        <translation>실행 %1(%2, %3)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This run has no final model: run the pipeline.</source>
        <translation>이 실행에는 최종 모델이 없습니다. 파이프라인을 실행하세요.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Model %1: %2
Metrics: %3</source>
        <translation>모델 %1: %2
지표: %3</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>none recorded</source>
        <translation>기록 없음</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>No model to judge.</source>
        <translation>판정할 모델이 없습니다.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&lt;span style=&quot;color:#b00020&quot;&gt;✗ FAIL&lt;/span&gt; — the model has no recorded %1</source>
        <translation>&lt;span style=&quot;color:#b00020&quot;&gt;✗ 실패&lt;/span&gt; — 모델에 기록된 %1이(가) 없습니다</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&lt;span style=&quot;color:#1b7f3b&quot;&gt;✓ PASS&lt;/span&gt; — %1 %2 &amp;gt; %3</source>
        <translation>&lt;span style=&quot;color:#1b7f3b&quot;&gt;✓ 통과&lt;/span&gt; — %1 %2 &amp;gt; %3</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&lt;span style=&quot;color:#b00020&quot;&gt;✗ FAIL&lt;/span&gt; — %1 %2 ≤ %3</source>
        <translation>&lt;span style=&quot;color:#b00020&quot;&gt;✗ 실패&lt;/span&gt; — %1 %2 ≤ %3</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No deployment target: choose one above.</source>
        <translation>배포 대상이 없습니다: 위에서 선택하세요.</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Cannot list the deployments: %1</source>
        <translation>배포 목록을 가져올 수 없습니다: %1</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>✓ default</source>
        <translation>✓ 기본값</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Not deployed: the model fails the gate (%1). Use “Deploy anyway…” to override.</source>
        <translation>배포되지 않음: 모델이 게이트를 통과하지 못했습니다(%1). 무시하고 배포하려면 “강제 배포…”를 사용하세요.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Deploy anyway</source>
        <translation>강제 배포</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The model fails the %1 gate at %2. Deploy it anyway?</source>
        <translation>모델이 %1 게이트(%2)를 통과하지 못했습니다. 그래도 배포하시겠습니까?</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Model name and version must start with a letter and hold only letters, digits and underscores.</source>
        <translation>모델 이름과 버전은 문자로 시작해야 하며 문자, 숫자, 밑줄만 포함할 수 있습니다.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Deploying %1 as its next version…</source>
        <translation>%1을(를) 다음 버전으로 배포하는 중…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Deploying %1 %2…</source>
        <translation>%1 %2 배포 중…</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>Deploying %1 %2 was cancelled: %3</source>
        <translation>%1 %2 배포가 취소되었습니다: %3</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Deploying %1 %2 failed: %3</source>
        <translation>%1 %2 배포 실패: %3</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Deployed %1 %2 despite the gate.</source>
        <translation>게이트를 무시하고 %1 %2을(를) 배포했습니다.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Deployed %1 %2.</source>
        <translation>%1 %2을(를) 배포했습니다.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>It serves on %1.</source>
        <translation>%1에서 서빙합니다.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Cancelling the deploy: removing what it made…</source>
        <translation>배포를 취소하는 중: 만든 것을 제거하는 중…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Cannot make %1 %2 the default: %3</source>
        <translation>%1 %2을(를) 기본값으로 설정할 수 없습니다: %3</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 now answers with %2 by default.</source>
        <translation>이제 %1은(는) 기본적으로 %2(으)로 응답합니다.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Undeploy</source>
        <translation>배포 취소</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove %1 version %2 from the registry?</source>
        <translation>레지스트리에서 %1 버전 %2을(를) 제거하시겠습니까?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Undeploy %1 version %2 from Vertex AI endpoint %3 and delete its Vertex AI model? The endpoint is deleted with its last model.</source>
        <translation>Vertex AI 엔드포인트 %3에서 %1 버전 %2의 배포를 취소하고 해당 Vertex AI 모델을 삭제할까요? 마지막 모델과 함께 엔드포인트도 삭제됩니다.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Undeploying %1 %2…</source>
        <translation>%1 %2 배포 취소 중…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Cannot undeploy %1 %2: %3</source>
        <translation>%1 %2의 배포를 취소할 수 없습니다: %3</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Undeployed %1 %2.</source>
        <translation>%1 %2의 배포를 취소했습니다.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The undeploy was not recorded in the run store: %1</source>
        <translation>배포 취소가 실행 저장소에 기록되지 않았습니다: %1</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Delete Endpoint</source>
        <translation>엔드포인트 삭제</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete Vertex AI endpoint %1 with what is deployed on it (%2)? Its models are deleted from Vertex AI too, and requests to it fail from now on.</source>
        <translation>Vertex AI 엔드포인트 %1을(를) 배포된 모델(%2)과 함께 삭제하시겠습니까? 모델도 Vertex AI에서 삭제되며 이후 이 엔드포인트로 보내는 요청은 실패합니다.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>, </source>
        <translation>, </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Deleting endpoint %1…</source>
        <translation>엔드포인트 %1 삭제 중…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Deleted endpoint %1.</source>
        <translation>엔드포인트 %1을(를) 삭제했습니다.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cannot delete endpoint %1: %2</source>
        <translation>엔드포인트 %1을(를) 삭제할 수 없습니다: %2</translation>
    </message>
</context>
<context>
    <name>covertype::ui::DeployTargetChooser</name>
    <message>
        <location filename="../ui/deploy/deploytargetchooser.cpp" line="-103"/>
        <source>Local registry</source>
        <translation>로컬 레지스트리</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Vertex AI endpoint</source>
        <translation>Vertex AI 엔드포인트</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Where “Deploy” puts the model, where the pipeline deploys and what the query panel asks</source>
        <translation>“배포”가 모델을 두는 곳, 파이프라인이 배포하는 곳, 쿼리 패널이 묻는 곳</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the model&apos;s own endpoint, created when missing</source>
        <translation>모델 자체 엔드포인트 (없으면 생성)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>An endpoint id: an existing endpoint, or a new one by this name (lower-case letters, digits and &apos;-&apos;)</source>
        <translation>엔드포인트 ID: 기존 엔드포인트 또는 이 이름의 새 엔드포인트 (소문자, 숫자, &apos;-&apos;)</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Deploy t&amp;o:</source>
        <translation>배포 대상(&amp;O):</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Endpoint:</source>
        <translation>엔드포인트(&amp;E):</translation>
    </message>
    <message>
        <location line="+90"/>
        <source>Cannot deploy to Vertex AI: %1 (Cloud ▸ Cloud Settings…, Ctrl+,)</source>
        <translation>Vertex AI에 배포할 수 없습니다: %1 (클라우드 ▸ 클라우드 설정…, Ctrl+,)</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>No price for %1 in %2: %3</source>
        <translation>%2의 %1 가격 없음: %3</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 %2/h per node, about %3 %2 a month (%4, %5)</source>
        <translation>노드당 시간당 %1 %2, 한 달에 약 %3 %2 (%4, %5)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>What one serving node costs while the model is deployed; prices copied on %1 from %2, not verified: check them before relying on them.</source>
        <translation>모델이 배포되어 있는 동안 서빙 노드 하나의 비용입니다. %1에 %2에서 복사한 가격이며 확인되지 않았습니다: 사용하기 전에 확인하세요.</translation>
    </message>
</context>
<context>
    <name>covertype::ui::HistogramChart</name>
    <message>
        <location filename="../ui/charts/histogramchart.cpp" line="+22"/>
        <source>Rows</source>
        <translation>행 수</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>%1: no values</source>
        <translation>%1: 값 없음</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Distribution of %1 (%2 NULL values not shown)</source>
        <translation>%1 분포(NULL 값 %2개 제외)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Distribution of %1</source>
        <translation>%1 분포</translation>
    </message>
    <message>
        <location line="+34"/>
        <location line="+2"/>
        <source>%1 to %2</source>
        <translation>%1~%2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1: %2
%3 rows (%4%)</source>
        <translation>%1: %2
%3개 행(%4%)</translation>
    </message>
</context>
<context>
    <name>covertype::ui::LearningCurveChart</name>
    <message>
        <location filename="../ui/charts/learningcurvechart.cpp" line="+17"/>
        <source>Epoch</source>
        <translation>에포크</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Learning curves</source>
        <translation>학습 곡선</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Trial %1 (under the mouse)</source>
        <translation>트라이얼 %1(마우스 아래)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Validation accuracy</source>
        <translation>검증 정확도</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Stopped early (last epoch)</source>
        <translation>조기 중지됨(마지막 에포크)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>No epochs reported yet</source>
        <translation>아직 보고된 에포크 없음</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Trials, one line each (hover to name one)</source>
        <translation>트라이얼마다 선 하나(마우스를 올리면 이름 표시)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Selected trial</source>
        <translation>선택한 트라이얼</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Selected: trial %1</source>
        <translation>선택됨: 트라이얼 %1</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Trial %1, epoch %2: %3</source>
        <translation>트라이얼 %1, 에포크 %2: %3</translation>
    </message>
</context>
<context>
    <name>covertype::ui::LocalServerControl</name>
    <message>
        <location filename="../ui/deploy/localservercontrol.cpp" line="+22"/>
        <source>Port on 127.0.0.1 to listen on (0: any free port)</source>
        <translation>수신 대기할 127.0.0.1의 포트(0: 사용 가능한 임의 포트)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start server</source>
        <translation>서버 시작</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Serve every deployed model of the local registry over HTTP, as `covertype serve`</source>
        <translation>`covertype serve`와 같이 로컬 레지스트리에 배포된 모든 모델을 HTTP로 제공</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop server</source>
        <translation>서버 중지</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Port:</source>
        <translation>포트:</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>No registry directory is set: nothing to serve.</source>
        <translation>레지스트리 디렉터리가 설정되지 않아 제공할 모델이 없습니다.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Cannot start the server on 127.0.0.1:%1: %2</source>
        <translation>127.0.0.1:%1에서 서버를 시작할 수 없습니다: %2</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Prediction server listening on %1</source>
        <translation>예측 서버가 %1에서 수신 대기 중</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Prediction server stopped</source>
        <translation>예측 서버 중지됨</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Running at &lt;a href=&quot;%1&quot;&gt;%1&lt;/a&gt; — POST %1/v1/models/MODEL:predict</source>
        <translation>&lt;a href=&quot;%1&quot;&gt;%1&lt;/a&gt;에서 실행 중 — POST %1/v1/models/MODEL:predict</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Stopped</source>
        <translation>중지됨</translation>
    </message>
</context>
<context>
    <name>covertype::ui::LotGridWidget</name>
    <message>
        <location filename="../ui/split/lotgridwidget.cpp" line="+172"/>
        <source>unassigned</source>
        <translation>미지정</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>training</source>
        <translation>학습</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>validation</source>
        <translation>검증</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>testing</source>
        <translation>테스트</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>counting…</source>
        <translation>집계 중…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Lot %1: %2, %3 rows
Click to change its split; drag to paint.</source>
        <translation>로트 %1: %2, %3개 행
클릭하면 분할이 바뀌고, 드래그하면 연속으로 칠합니다.</translation>
    </message>
</context>
<context>
    <name>covertype::ui::MainWindow</name>
    <message>
        <location filename="../ui/shell/mainwindow.cpp" line="+74"/>
        <location line="+413"/>
        <source>Covertype Workbench</source>
        <translation>Covertype Workbench</translation>
    </message>
    <message>
        <location line="-383"/>
        <source>Download cancelled; nothing was kept.</source>
        <translation>다운로드가 취소되었습니다. 저장된 파일은 없습니다.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Download cancelled.</source>
        <translation>다운로드가 취소되었습니다.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Welcome</source>
        <translation>시작</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Open Data…</source>
        <translation>데이터 열기(&amp;O)…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Open Tuning &amp;Config…</source>
        <translation>튜닝 구성 열기(&amp;C)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open &amp;Recent</source>
        <translation>최근 파일 열기(&amp;R)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Quit</source>
        <translation>종료(&amp;Q)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;View</source>
        <translation>보기(&amp;V)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Log</source>
        <translation>로그(&amp;L)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Cloud</source>
        <translation>클라우드(&amp;C)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cloud &amp;Settings…</source>
        <translation>클라우드 설정(&amp;S)…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Language</source>
        <translation>언어(&amp;L)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>System Default</source>
        <translation>시스템 기본값</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The language changes when the workbench restarts.</source>
        <translation>언어 변경은 워크벤치를 다시 시작하면 적용됩니다.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;About Covertype Workbench</source>
        <translation>Covertype Workbench 정보(&amp;A)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>About Covertype Workbench</source>
        <translation>Covertype Workbench 정보</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt;b&gt;Covertype Workbench %1&lt;/b&gt;&lt;p&gt;The course&apos;s Covertype workflow — data, splits, tuning, training and deployment — in one native window.&lt;/p&gt;</source>
        <translation>&lt;b&gt;Covertype Workbench %1&lt;/b&gt;&lt;p&gt;강의의 Covertype 워크플로(데이터, 분할, 튜닝, 학습, 배포)를 하나의 네이티브 창에서 처리합니다.&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Backend: Local</source>
        <translation>백엔드: 로컬</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Backend: %1</source>
        <translation>백엔드: %1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+146"/>
        <source>Stop loading</source>
        <translation>로드 중지</translation>
    </message>
    <message>
        <location line="-133"/>
        <source>Log</source>
        <translation>로그</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>warning</source>
        <translation>경고</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>error</source>
        <translation>오류</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>info</source>
        <translation>정보</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Open Data File</source>
        <translation>데이터 파일 열기</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Covertype data (*.csv *.csv.gz *.data *.data.gz *.gz *.zip);;All files (*)</source>
        <translation>Covertype 데이터 (*.csv *.csv.gz *.data *.data.gz *.gz *.zip);;모든 파일 (*)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Open Tuning Config</source>
        <translation>튜닝 구성 열기</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tuning configs (*.yaml *.yml *.json);;All files (*)</source>
        <translation>튜닝 구성 (*.yaml *.yml *.json);;모든 파일 (*)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Already loading %1; cancel it first.</source>
        <translation>이미 %1을(를) 로드하는 중입니다. 먼저 취소하세요.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Loading %1…</source>
        <translation>%1 로드 중…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Loading %1</source>
        <translation>%1 로드 중</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Busy loading or downloading; cancel it first.</source>
        <translation>로드 또는 다운로드가 진행 중입니다. 먼저 취소하세요.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Downloading %1 into %2</source>
        <translation>%1을(를) %2에 다운로드하는 중</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Stop downloading</source>
        <translation>다운로드 중지</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Connecting to %1…</source>
        <translation>%1에 연결하는 중…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Downloading %1…</source>
        <translation>%1 다운로드 중…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Downloaded %1 of %2 MB</source>
        <translation>%2 MB 중 %1 MB 다운로드됨</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Downloaded %1 MB</source>
        <translation>%1 MB 다운로드됨</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Using the copy downloaded before: %1 (%2 bytes, SHA-256 %3)</source>
        <translation>이전에 다운로드한 사본을 사용합니다: %1(%2바이트, SHA-256 %3)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Downloaded %1 (%2 bytes, SHA-256 %3)</source>
        <translation>%1 다운로드 완료(%2바이트, SHA-256 %3)</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+1"/>
        <source>Download failed: %1</source>
        <translation>다운로드 실패: %1</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+7"/>
        <source>Loading %1 was cancelled.</source>
        <translation>%1 로드가 취소되었습니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Could not open %1: %2</source>
        <translation>%1을(를) 열 수 없습니다: %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Could Not Open Data</source>
        <translation>데이터를 열 수 없음</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1

The table that was open stays open.</source>
        <translation>%1

열려 있던 테이블은 그대로 유지됩니다.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Opened %1: %2 rows, %3 columns</source>
        <translation>%1 열림: %2개 행, %3개 열</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>No data</source>
        <translation>데이터 없음</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 rows</source>
        <translation>%1개 행</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Store: %1</source>
        <translation>저장소: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 — Covertype Workbench</source>
        <translation>%1 — Covertype Workbench</translation>
    </message>
    <message>
        <location filename="../ui/shell/stagepanels.cpp" line="+29"/>
        <source>Data</source>
        <translation>데이터</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Split</source>
        <translation>분할</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tuning</source>
        <translation>튜닝</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Runs</source>
        <translation>실행</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Deploy</source>
        <translation>배포</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Unsaved Tuning Config</source>
        <translation>저장되지 않은 튜닝 구성</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The tuning config has changes that are not saved. Save them?</source>
        <translation>튜닝 구성에 저장되지 않은 변경 사항이 있습니다. 저장하시겠습니까?</translation>
    </message>
</context>
<context>
    <name>covertype::ui::ParallelCoordinatesChart</name>
    <message>
        <location filename="../ui/charts/parallelcoordinateschart.cpp" line="+45"/>
        <source>Parallel coordinates</source>
        <translation>평행 좌표</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Colour: metric · dashed: stopped early · dotted grey: failed</source>
        <translation>색상: 지표 · 파선: 조기 중지 · 회색 점선: 실패</translation>
    </message>
</context>
<context>
    <name>covertype::ui::ParameterScatterChart</name>
    <message>
        <location filename="../ui/charts/parameterscatterchart.cpp" line="+27"/>
        <source>Failed (no metric)</source>
        <translation>실패(지표 없음)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Selected</source>
        <translation>선택됨</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Metric per parameter</source>
        <translation>파라미터별 지표</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 against %2</source>
        <translation>%2 대비 %1</translation>
    </message>
</context>
<context>
    <name>covertype::ui::ParameterTableModel</name>
    <message>
        <location filename="../ui/tuning/parametertablemodel.cpp" line="+75"/>
        <location line="+4"/>
        <source>param%1</source>
        <translation>param%1</translation>
    </message>
    <message>
        <location line="+82"/>
        <source>Not used by %1 parameters</source>
        <translation>%1 파라미터에서는 사용되지 않음</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Comma-separated values, e.g. 500, 1000</source>
        <translation>쉼표로 구분한 값, 예: 500, 1000</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Type</source>
        <translation>유형</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Min</source>
        <translation>최소</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Max</source>
        <translation>최대</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Values</source>
        <translation>값</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Scale</source>
        <translation>스케일</translation>
    </message>
</context>
<context>
    <name>covertype::ui::QueryPanel</name>
    <message>
        <location filename="../ui/deploy/querypanel.cpp" line="+90"/>
        <source>Wilderness_Area:</source>
        <translation>Wilderness_Area:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Soil_Type:</source>
        <translation>Soil_Type:</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>[{&quot;Elevation&quot;: 3092, &quot;Aspect&quot;: 163, ..., &quot;Soil_Type&quot;: &quot;C7745&quot;}, ...]</source>
        <translation>[{&quot;Elevation&quot;: 3092, &quot;Aspect&quot;: 163, ..., &quot;Soil_Type&quot;: &quot;C7745&quot;}, ...]</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A JSON array of instances, each an object of the 12 feature columns</source>
        <translation>인스턴스의 JSON 배열(각 인스턴스는 12개 특성 열로 된 객체)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Form</source>
        <translation>양식(&amp;F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;JSON instances</source>
        <translation>JSON 인스턴스(&amp;J)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Send</source>
        <translation>보내기(&amp;S)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ask the deployed model for predictions (Ctrl+Enter)</source>
        <translation>배포된 모델에 예측 요청(Ctrl+Enter)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use selected &amp;rows</source>
        <translation>선택한 행 사용(&amp;R)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Put the rows selected in the Data stage into the JSON editor</source>
        <translation>데이터 단계에서 선택한 행을 JSON 편집기에 넣기</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Instance</source>
        <translation>인스턴스</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Class</source>
        <translation>클래스</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cover type</source>
        <translation>피복 유형</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>P(%1)</source>
        <translation>P(%1)</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Querying &lt;b&gt;%1&lt;/b&gt; %2</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; %2에 쿼리 중</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>(default version)</source>
        <translation>(기본 버전)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>version %1</source>
        <translation>버전 %1</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>No dataset open: any value</source>
        <translation>열린 데이터 세트 없음: 모든 값 허용</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Observed in the data: %1 to %2</source>
        <translation>데이터의 관측 범위: %1~%2</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Values present in the data</source>
        <translation>데이터에 있는 값</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Values of the lab schema</source>
        <translation>실습 스키마의 값</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>The instances are not valid JSON.</source>
        <translation>인스턴스가 올바른 JSON이 아닙니다.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The instances must be a non-empty JSON array.</source>
        <translation>인스턴스는 비어 있지 않은 JSON 배열이어야 합니다.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Using the first %1 of %2 selected rows.</source>
        <translation>선택한 행 %2개 중 처음 %1개를 사용합니다.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>No deployment target: the workbench has no local registry to query.</source>
        <translation>배포 대상이 없습니다. 워크벤치에 쿼리할 로컬 레지스트리가 없습니다.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Sending…</source>
        <translation>보내는 중…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Prediction failed: %1</source>
        <translation>예측 실패: %1</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>The answer holds no &quot;predictions&quot; array.</source>
        <translation>응답에 &quot;predictions&quot; 배열이 없습니다.</translation>
    </message>
    <message numerus="yes">
        <location line="+23"/>
        <source>%n prediction(s) in %1 ms</source>
        <translation>
            <numerusform>예측 %n개(%1 ms)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>covertype::ui::RunBackendSelector</name>
    <message>
        <location filename="../ui/runs/runbackendselector.cpp" line="+29"/>
        <source>%1 s</source>
        <translation>%1초</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 min</source>
        <translation>%1분</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 h</source>
        <translation>%1시간</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>R&amp;un on:</source>
        <translation>실행 위치(&amp;U):</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This computer</source>
        <translation>이 컴퓨터</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+114"/>
        <source>Vertex AI, a job per trial</source>
        <translation>Vertex AI, 트라이얼마다 작업 하나</translation>
    </message>
    <message>
        <location line="-113"/>
        <source>Vertex AI, one job for the study</source>
        <translation>Vertex AI, 스터디 전체에 작업 하나</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Where trials and the final training run. Vertex AI uses the Cloud settings (Ctrl+,): a job per trial starts a VM for each trial as the course&apos;s tuning job does; one job runs every trial on one VM, without a VM start per trial.</source>
        <translation>트라이얼과 최종 학습이 실행되는 곳. Vertex AI는 클라우드 설정(Ctrl+,)을 사용합니다: 트라이얼마다 작업 하나는 과정의 튜닝 작업처럼 트라이얼마다 VM을 시작하고, 작업 하나는 트라이얼마다 VM을 시작하지 않고 한 VM에서 모든 트라이얼을 실행합니다.</translation>
    </message>
    <message>
        <location line="+78"/>
        <source>Open a dataset for an estimate of time and cost.</source>
        <translation>시간과 비용을 추정하려면 데이터셋을 여세요.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No estimate: %1</source>
        <translation>추정 불가: %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>this computer ≈ %1</source>
        <translation>이 컴퓨터 ≈ %1</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1 ≈ %2, %3 %4</source>
        <translation>%1 ≈ %2, %3 %4</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Estimate: %1</source>
        <translation>추정: %1</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>one job</source>
        <translation>작업 하나</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vertex AI in %1 on %2 (%3 %4/h), prices of %5 (%6): check them before relying on them.
%7</source>
        <translation>%1의 Vertex AI, %2 (시간당 %3 %4), %5 기준 가격 (%6): 사용하기 전에 확인하세요.
%7</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Vertex AI: no estimate (%1)</source>
        <translation>Vertex AI: 추정 불가 (%1)</translation>
    </message>
</context>
<context>
    <name>covertype::ui::RunCharts</name>
    <message>
        <location filename="../ui/runs/runcharts.cpp" line="+20"/>
        <location line="+1"/>
        <source>Metric per trial</source>
        <translation>트라이얼별 지표</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The metric of every trial and the best so far</source>
        <translation>모든 트라이얼의 지표와 현재까지의 최고값</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+1"/>
        <source>Parallel coordinates</source>
        <translation>평행 좌표</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+1"/>
        <source>Learning curves</source>
        <translation>학습 곡선</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+1"/>
        <source>Confusion matrix</source>
        <translation>혼동 행렬</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Metric vs %1</source>
        <translation>지표 vs %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>vs %1</source>
        <translation>vs %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The metric of every trial against %1</source>
        <translation>%1에 따른 모든 트라이얼의 지표</translation>
    </message>
</context>
<context>
    <name>covertype::ui::RunCompareDialog</name>
    <message>
        <location filename="../ui/runs/runcomparedialog.cpp" line="+12"/>
        <source>Compare runs %1 and %2</source>
        <translation>실행 %1 및 %2 비교</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Loading runs %1 and %2…</source>
        <translation>실행 %1 및 %2 로드 중…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Setting</source>
        <translation>설정</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Run %1</source>
        <translation>실행 %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Metric per trial</source>
        <translation>트라이얼별 지표</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Cannot load the runs: %1</source>
        <translation>실행을 로드할 수 없습니다: %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Cannot compare the runs: %1</source>
        <translation>실행을 비교할 수 없습니다: %1</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>&lt;b&gt;Run %1&lt;/b&gt; (%2, %3): best %4&lt;br&gt;&lt;b&gt;Run %5&lt;/b&gt; (%6, %7): best %8</source>
        <translation>&lt;b&gt;실행 %1&lt;/b&gt;(%2, %3): 최고 %4&lt;br&gt;&lt;b&gt;실행 %5&lt;/b&gt;(%6, %7): 최고 %8</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>run %1</source>
        <translation>실행 %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Trial</source>
        <translation>트라이얼</translation>
    </message>
</context>
<context>
    <name>covertype::ui::RunHistoryView</name>
    <message>
        <location filename="../ui/runs/runhistoryview.cpp" line="+53"/>
        <source>&lt;b&gt;Run history&lt;/b&gt;</source>
        <translation>&lt;b&gt;실행 기록&lt;/b&gt;</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Run</source>
        <translation>실행</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Kind</source>
        <translation>종류</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>State</source>
        <translation>상태</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Started</source>
        <translation>시작 시각</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Trials</source>
        <translation>트라이얼</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Best</source>
        <translation>최고값</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Select a run to reopen it; select two to compare them</source>
        <translation>실행을 하나 선택하면 다시 열고, 두 개를 선택하면 비교합니다</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Refresh</source>
        <translation>새로 고침</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Read the run store again</source>
        <translation>실행 저장소 다시 읽기</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Compare…</source>
        <translation>비교…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Compare the two selected runs side by side</source>
        <translation>선택한 두 실행을 나란히 비교</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Reading %1…</source>
        <translation>%1 읽는 중…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Cannot read the run store %1: %2</source>
        <translation>실행 저장소 %1을(를) 읽을 수 없습니다: %2</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>%1 (%2 ok)</source>
        <translation>%1(성공 %2)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>No runs recorded yet.</source>
        <translation>아직 기록된 실행이 없습니다.</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n run(s) in %1</source>
        <translation>
            <numerusform>%1의 실행 %n개</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>covertype::ui::RunsPanel</name>
    <message>
        <location filename="../ui/runs/runspanel.cpp" line="+59"/>
        <source>%1 s</source>
        <translation>%1초</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>Run %1 recorded in %2</source>
        <translation>실행 %1 기록 위치: %2</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>Step %1: %2</source>
        <translation>단계 %1: %2</translation>
    </message>
    <message>
        <location line="+159"/>
        <source>Start &amp;Tuning</source>
        <translation>튜닝 시작(&amp;T)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Start &amp;Pipeline</source>
        <translation>파이프라인 시작(&amp;P)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Pipeline &amp;metric:</source>
        <translation>파이프라인 지표(&amp;M):</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>accuracy</source>
        <translation>정확도</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>macro recall</source>
        <translation>매크로 재현율</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Metric the pipeline evaluates on the testing rows</source>
        <translation>파이프라인이 테스트 행에서 평가할 지표</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>T&amp;hreshold:</source>
        <translation>임곗값(&amp;H):</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The pipeline&apos;s model passes the gate only if its metric is above this</source>
        <translation>파이프라인 모델의 지표가 이 값을 초과할 때만 게이트를 통과합니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Stop the run after the current epoch; finished trials are kept (Esc)</source>
        <translation>현재 에포크가 끝나면 실행을 중지합니다. 완료된 트라이얼은 유지됩니다(Esc)</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Copy &amp;Console Link</source>
        <translation>콘솔 링크 복사(&amp;C)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Copied the Vertex AI console link: %1</source>
        <translation>Vertex AI 콘솔 링크를 복사했습니다: %1</translation>
    </message>
    <message>
        <location line="+15"/>
        <location line="+203"/>
        <source>%v / %m trials</source>
        <translation>트라이얼 %v / %m</translation>
    </message>
    <message>
        <location line="-184"/>
        <source>The log of the run appears here.</source>
        <translation>실행 로그가 여기에 표시됩니다.</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Export trials CSV…</source>
        <translation>트라이얼 CSV 내보내기…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Write the trials of the shown run to a CSV file</source>
        <translation>표시된 실행의 트라이얼을 CSV 파일로 저장</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export chart…</source>
        <translation>차트 내보내기…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save the chart of the current tab as PNG, SVG or PDF</source>
        <translation>현재 탭의 차트를 PNG, SVG 또는 PDF로 저장</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>Cannot start the run: %1</source>
        <translation>실행을 시작할 수 없습니다: %1</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Tuning started: up to %1 trials, %2 at a time</source>
        <translation>튜닝 시작됨: 최대 트라이얼 %1개, 동시 %2개</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Cancelling: the Vertex AI job is being cancelled…</source>
        <translation>취소 중: Vertex AI 작업을 취소하는 중…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancelling: the run stops after the current epoch…</source>
        <translation>취소 중: 현재 에포크가 끝나면 실행이 중지됩니다…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Open a dataset in the Data stage to start a run.</source>
        <translation>실행을 시작하려면 데이터 단계에서 데이터 세트를 여세요.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The tuning config in the Tuning stage is not valid: fix it to start a run.</source>
        <translation>튜닝 단계의 튜닝 구성이 올바르지 않습니다. 실행을 시작하려면 수정하세요.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Tune the Tuning stage&apos;s config on the split&apos;s training and validation rows (Ctrl+R)</source>
        <translation>분할의 학습 및 검증 행으로 튜닝 단계의 구성을 튜닝(Ctrl+R)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Split, tune, retrain the best trial, evaluate it on the testing rows and deploy it to the Deploy stage&apos;s target as a new version if it passes the threshold (Ctrl+Shift+R)</source>
        <translation>분할, 튜닝, 최적 트라이얼 재학습, 테스트 행으로 평가 후 임계값을 넘으면 배포 단계의 대상에 새 버전으로 배포합니다 (Ctrl+Shift+R)</translation>
    </message>
    <message>
        <location line="+252"/>
        <source>Step %1: %2%3</source>
        <translation>단계 %1: %2%3</translation>
    </message>
    <message>
        <location line="-620"/>
        <source>Run %1 ended: %2%3</source>
        <translation>실행 %1 종료: %2%3</translation>
    </message>
    <message>
        <location line="-119"/>
        <source>running</source>
        <translation>실행 중</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>succeeded</source>
        <translation>성공</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>skipped</source>
        <translation>건너뜀</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>cancelled</source>
        <translation>취소됨</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>Trial %1 %2: %3 %4%5%6</source>
        <translation>트라이얼 %1 %2: %3 %4%5%6</translation>
    </message>
    <message>
        <location line="+6"/>
        <source> (%1 epochs, %2 s)</source>
        <translation> (%1 에포크, %2초)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Vertex AI job %1: %2%3</source>
        <translation>Vertex AI 작업 %1: %2%3</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Step %1: %2 in %3 s%4</source>
        <translation>단계 %1: %2(%3초)%4</translation>
    </message>
    <message>
        <location line="+99"/>
        <location line="+19"/>
        <source>Cannot follow run %1 again: %2</source>
        <translation>실행 %1을(를) 다시 따라갈 수 없습니다: %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Following run %1 again: its Vertex AI job %2 went on while the workbench was closed</source>
        <translation>실행 %1을(를) 다시 따라갑니다: 워크벤치가 닫혀 있는 동안 Vertex AI 작업 %2이(가) 계속 실행되었습니다</translation>
    </message>
    <message>
        <location line="+221"/>
        <source>Pipeline started: up to %1 trials, then training, evaluation on testing and a deploy if %2 &gt; %3</source>
        <translation>파이프라인 시작됨: 최대 트라이얼 %1개, 이후 학습, 테스트 평가, %2 &gt; %3이면 배포</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>Running… (Esc cancels)</source>
        <translation>실행 중…(Esc 키로 취소)</translation>
    </message>
    <message numerus="yes">
        <location line="+9"/>
        <source>Ready: %n trial(s) of the Tuning stage&apos;s config on the Split stage&apos;s lots (Ctrl+R tunes, Ctrl+Shift+R runs the pipeline).</source>
        <translation>
            <numerusform>준비됨: 분할 단계의 로트에서 튜닝 단계 구성의 트라이얼 %n개 실행(Ctrl+R: 튜닝, Ctrl+Shift+R: 파이프라인 실행).</numerusform>
        </translation>
    </message>
    <message>
        <location line="+21"/>
        <source>run %1: %v / %m trials</source>
        <translation>실행 %1: 트라이얼 %v / %m</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>took %1</source>
        <translation>소요 시간 %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>elapsed %1</source>
        <translation>경과 시간 %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>, about %1 left</source>
        <translation>, 약 %1 남음</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>error: </source>
        <translation>오류: </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>warning: </source>
        <translation>경고: </translation>
    </message>
    <message>
        <location line="+60"/>
        <source>Confusion matrix: no finished trial</source>
        <translation>혼동 행렬: 완료된 트라이얼 없음</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Confusion matrix: open the run&apos;s dataset</source>
        <translation>혼동 행렬: 실행의 데이터 세트를 여세요</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>final model of trial %1, testing rows</source>
        <translation>트라이얼 %1의 최종 모델, 테스트 행</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>trial %1 retrained, validation rows</source>
        <translation>트라이얼 %1 재학습, 검증 행</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Confusion matrix: computing %1…</source>
        <translation>혼동 행렬: %1 계산 중…</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Confusion matrix: %1</source>
        <translation>혼동 행렬: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Confusion matrix of %1: %2</source>
        <translation>%1의 혼동 행렬: %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Confusion matrix</source>
        <translation>혼동 행렬</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Run %1 is shown after the running one ends</source>
        <translation>실행 %1은(는) 진행 중인 실행이 끝난 후 표시됩니다</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Cannot open run %1: %2</source>
        <translation>실행 %1을(를) 열 수 없습니다: %2</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Run %1 (%2): %3%4</source>
        <translation>실행 %1(%2): %3%4</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>%1 trial(s): %2 finished, %3 cancelled, %4 failed</source>
        <translation>트라이얼 %1개: 완료 %2개, 취소 %3개, 실패 %4개</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Best: trial %1, %2 %3</source>
        <translation>최고값: 트라이얼 %1, %2 %3</translation>
    </message>
    <message>
        <location line="+47"/>
        <location line="+9"/>
        <location line="+8"/>
        <source>Export chart</source>
        <translation>차트 내보내기</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>PNG image (*.png);;SVG image (*.svg);;PDF document (*.pdf)</source>
        <translation>PNG 이미지 (*.png);;SVG 이미지 (*.svg);;PDF 문서 (*.pdf)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>1600 × 1000 (slides)</source>
        <translation>1600 × 1000(슬라이드)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>1200 × 800</source>
        <translation>1200 × 800</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>800 × 500 (documents)</source>
        <translation>800 × 500(문서)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>As on screen</source>
        <translation>화면과 동일</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Size in pixels:</source>
        <translation>크기(픽셀):</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cannot export the chart to %1: %2</source>
        <translation>차트를 %1(으)로 내보낼 수 없습니다: %2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Chart saved to %1</source>
        <translation>차트를 %1에 저장했습니다</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+8"/>
        <source>Export trials</source>
        <translation>트라이얼 내보내기</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>CSV file (*.csv)</source>
        <translation>CSV 파일 (*.csv)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cannot export the trials to %1: %2</source>
        <translation>트라이얼을 %1(으)로 내보낼 수 없습니다: %2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Trials saved to %1</source>
        <translation>트라이얼을 %1에 저장했습니다</translation>
    </message>
</context>
<context>
    <name>covertype::ui::SearchSpacePreview</name>
    <message>
        <location filename="../ui/tuning/searchspacepreview.cpp" line="+37"/>
        <source>log scale</source>
        <translation>로그 스케일</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>reverse log scale</source>
        <translation>역 로그 스케일</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>linear scale</source>
        <translation>선형 스케일</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>no scale</source>
        <translation>스케일 없음</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>infinite (a DOUBLE parameter has a continuous range)</source>
        <translation>무한(DOUBLE 파라미터는 범위가 연속적임)</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n configuration(s)</source>
        <translation>
            <numerusform>구성 %n개</numerusform>
        </translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Add a parameter to preview the search space.</source>
        <translation>검색 공간을 미리 보려면 파라미터를 추가하세요.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fix the problems listed to preview the search space.</source>
        <translation>검색 공간을 미리 보려면 나열된 문제를 해결하세요.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Grid size: %1. Points: the first %2 values %3 would try.</source>
        <translation>그리드 크기: %1. 점: %3이(가) 시도할 처음 %2개 값.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Where %1&apos;s sampled values fall on its range</source>
        <translation>%1의 샘플링된 값이 범위 내에 분포하는 위치</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>categorical</source>
        <translation>범주형</translation>
    </message>
</context>
<context>
    <name>covertype::ui::SplitCountsModel</name>
    <message>
        <location filename="../ui/split/splitcountsmodel.cpp" line="+80"/>
        <source>%1 of %2 rows (%3%)</source>
        <translation>%2개 행 중 %1개(%3%)</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Training</source>
        <translation>학습</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Validation</source>
        <translation>검증</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Testing</source>
        <translation>테스트</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No split</source>
        <translation>분할 없음</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Lots</source>
        <translation>로트</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Rows</source>
        <translation>행 수</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Share of all rows</source>
        <translation>전체 행 대비 비율</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Share</source>
        <translation>비율</translation>
    </message>
</context>
<context>
    <name>covertype::ui::SplitPanel</name>
    <message>
        <location filename="../ui/split/splitpanel.cpp" line="+56"/>
        <source>Training</source>
        <translation>학습</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Validation</source>
        <translation>검증</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Testing</source>
        <translation>테스트</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Lots</source>
        <translation>로트</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Number of hash lots: MOD(ABS(FARM_FINGERPRINT(…)), N). Up to %1 lots are shown as a grid.</source>
        <translation>해시 로트 수: MOD(ABS(FARM_FINGERPRINT(…)), N). 최대 %1개 로트까지 그리드로 표시됩니다.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>What the fingerprint hashes: the whole row as TO_JSON_STRING, or one column cast to STRING</source>
        <translation>핑거프린트의 해시 대상: TO_JSON_STRING으로 변환한 행 전체 또는 STRING으로 변환한 열 하나</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Number of lots:</source>
        <translation>로트 수(&amp;N):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Hash:</source>
        <translation>해시(&amp;H):</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Click:</source>
        <translation>클릭:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cycle (C)</source>
        <translation>순환(C)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Training (1)</source>
        <translation>학습(1)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Validation (2)</source>
        <translation>검증(2)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Testing (3)</source>
        <translation>테스트(3)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>None (0)</source>
        <translation>없음(0)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>What clicking or dragging over a lot does (key %1)</source>
        <translation>로트를 클릭하거나 드래그할 때의 동작(키 %1)</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>More than %1 lots: edit the lot lists below.</source>
        <translation>로트가 %1개를 초과합니다. 아래 로트 목록을 편집하세요.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Lots of the %1 split: lots and ranges separated by commas, e.g. &quot;1-4&quot;, &quot;8&quot;, &quot;&lt;3&quot;, &quot;&gt;=9&quot;</source>
        <translation>%1 분할의 로트: 쉼표로 구분한 로트 및 범위, 예: &quot;1-4&quot;, &quot;8&quot;, &quot;&lt;3&quot;, &quot;&gt;=9&quot;</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1 lots:</source>
        <translation>%1 로트:</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Class balance per split</source>
        <translation>분할별 클래스 균형</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Balance</source>
        <translation>균형(&amp;B)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>BigQuery table: dataset.table or project.dataset.table</source>
        <translation>BigQuery 테이블: dataset.table 또는 project.dataset.table</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Table:</source>
        <translation>테이블(&amp;T):</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>%1 query</source>
        <translation>%1 쿼리</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+13"/>
        <source>Copy</source>
        <translation>복사</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>Copy the %1 query to the clipboard</source>
        <translation>%1 쿼리를 클립보드에 복사</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Copied ✓</source>
        <translation>복사됨 ✓</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Copied the %1 query to the clipboard.</source>
        <translation>%1 쿼리를 클립보드에 복사했습니다.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Big&amp;Query</source>
        <translation>Big&amp;Query</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Writes datasets/training, datasets/validation and datasets/testing (data.csv each) and split.json into a directory, as the course pipeline reads them.</source>
        <translation>강의 파이프라인이 읽는 형식대로 datasets/training, datasets/validation, datasets/testing(각각 data.csv)과 split.json을 디렉터리에 씁니다.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Export Split…</source>
        <translation>분할 내보내기(&amp;E)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export the split of the open dataset (Ctrl+E)</source>
        <translation>열린 데이터 세트의 분할 내보내기(Ctrl+E)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>E&amp;xport</source>
        <translation>내보내기(&amp;X)</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>Whole row (TO_JSON_STRING)</source>
        <translation>행 전체(TO_JSON_STRING)</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Cannot compute the lots: %1</source>
        <translation>로트를 계산할 수 없습니다: %1</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>%1 lots: %2</source>
        <translation>%1 로트: %2</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>The split has changed since the export to %1.</source>
        <translation>%1(으)로 내보낸 후 분할이 변경되었습니다.</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>Invalid split: %1</source>
        <translation>잘못된 분할: %1</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>The %1 split is empty: assign it at least one lot.</source>
        <translation>%1 분할이 비어 있습니다. 로트를 하나 이상 할당하세요.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>lot %1 (%2)</source>
        <translation>로트 %1(%2)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Kept aside until there are more lots again: %1.</source>
        <translation>로트 수가 다시 늘어날 때까지 보류됨: %1.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Open a dataset in the Data stage to see the rows of each split.</source>
        <translation>각 분할의 행을 보려면 데이터 단계에서 데이터 세트를 여세요.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Counting the rows of each lot…</source>
        <translation>각 로트의 행 수를 세는 중…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 rows in %2 lots</source>
        <translation>로트 %2개에 %1개 행</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>; %1 rows in no split</source>
        <translation>; 분할되지 않은 행 %1개</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>The %1 split has no rows: its lots are empty.</source>
        <translation>%1 분할에 행이 없습니다. 해당 로트가 비어 있습니다.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The %1 split holds only %2% of the assigned rows.</source>
        <translation>%1 분할에는 할당된 행의 %2%만 있습니다.</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>The %1 split lacks %2.</source>
        <translation>%1 분할에 %2이(가) 없습니다.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>, </source>
        <translation>, </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The %1 split is unbalanced: %2 differs from the whole table by %3 percentage points.</source>
        <translation>%1 분할이 불균형합니다. %2이(가) 전체 테이블과 %3퍼센트포인트 차이가 납니다.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>-- No query: %1</source>
        <translation>-- 쿼리 없음: %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Export Split To</source>
        <translation>분할을 내보낼 위치</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Cannot export an invalid split: %1</source>
        <translation>잘못된 분할은 내보낼 수 없습니다: %1</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Exporting to %1…</source>
        <translation>%1(으)로 내보내는 중…</translation>
    </message>
    <message>
        <location line="+24"/>
        <location line="+3"/>
        <source>Export to %1 cancelled.</source>
        <translation>%1(으)로 내보내기가 취소되었습니다.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export to %1 failed: %2</source>
        <translation>%1(으)로 내보내기 실패: %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Exported the split to %1: %2 training, %3 validation, %4 testing rows.</source>
        <translation>분할을 %1(으)로 내보냈습니다: 학습 %2개, 검증 %3개, 테스트 %4개 행.</translation>
    </message>
</context>
<context>
    <name>covertype::ui::TrialChart</name>
    <message>
        <location filename="../ui/charts/trialchart.cpp" line="+160"/>
        <source>Trial %1 — %2</source>
        <translation>트라이얼 %1 — %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 = %2</source>
        <translation>%1 = %2</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n epoch(s), %1 s</source>
        <translation>
            <numerusform>에포크 %n회, %1초</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>covertype::ui::TrialMetricChart</name>
    <message>
        <location filename="../ui/charts/trialmetricchart.cpp" line="+19"/>
        <source>Best so far</source>
        <translation>현재까지 최고</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Failed (no metric)</source>
        <translation>실패(지표 없음)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Selected</source>
        <translation>선택됨</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Trial</source>
        <translation>트라이얼</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Metric per trial</source>
        <translation>트라이얼별 지표</translation>
    </message>
    <message>
        <location line="+102"/>
        <source>Best so far after trial %1: %2 (trial %3)</source>
        <translation>트라이얼 %1까지의 최고값: %2(트라이얼 %3)</translation>
    </message>
</context>
<context>
    <name>covertype::ui::TrialsTableModel</name>
    <message>
        <location filename="../ui/runs/trialstablemodel.cpp" line="+181"/>
        <source>Trial</source>
        <translation>트라이얼</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>State</source>
        <translation>상태</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Epochs</source>
        <translation>에포크</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Time (s)</source>
        <translation>시간(초)</translation>
    </message>
</context>
<context>
    <name>covertype::ui::TuningConfigPanel</name>
    <message>
        <location filename="../ui/tuning/tuningconfigpanel.cpp" line="+87"/>
        <source>Whether the metric should be made as large or as small as possible</source>
        <translation>지표를 최대화할지 최소화할지 여부</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The metric the trainer reports (hyperparameterMetricTag)</source>
        <translation>트레이너가 보고하는 지표(hyperparameterMetricTag)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>How many trials the search runs in total</source>
        <translation>검색에서 실행할 전체 트라이얼 수</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How many trials run at the same time</source>
        <translation>동시에 실행할 트라이얼 수</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Failed trials before the job stops (0: the service decides)</source>
        <translation>작업이 중지되기 전까지 허용할 실패 트라이얼 수(0: 서비스가 결정)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>ALGORITHM_UNSPECIFIED is Bayesian optimisation</source>
        <translation>ALGORITHM_UNSPECIFIED는 베이즈 최적화입니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop unpromising trials early</source>
        <translation>가능성이 낮은 트라이얼을 조기 중지</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>(none)</source>
        <translation>(없음)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Job whose trials this search continues from</source>
        <translation>이 검색이 트라이얼을 이어받을 작업</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Goal:</source>
        <translation>목표(&amp;G):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Metric tag:</source>
        <translation>지표 태그(&amp;M):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Max &amp;trials:</source>
        <translation>최대 트라이얼 수(&amp;T):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Parallel trials:</source>
        <translation>병렬 트라이얼 수(&amp;P):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Max &amp;failed trials:</source>
        <translation>최대 실패 트라이얼 수(&amp;F):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Algorithm:</source>
        <translation>알고리즘(&amp;A):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Early stopping:</source>
        <translation>조기 중지:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Resume job ID:</source>
        <translation>재개할 작업 ID(&amp;R):</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>&amp;Add parameter</source>
        <translation>파라미터 추가(&amp;A)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Add a parameter to search over (Ctrl++)</source>
        <translation>검색할 파라미터 추가(Ctrl++)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Remove parameter</source>
        <translation>파라미터 제거(&amp;R)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Remove the selected parameters (Ctrl+-)</source>
        <translation>선택한 파라미터 제거(Ctrl+-)</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Everything that stops this config from running</source>
        <translation>이 구성의 실행을 막는 모든 문제</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Search settings</source>
        <translation>검색 설정</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Parameters</source>
        <translation>파라미터</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Problems:</source>
        <translation>문제:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>gcloud config.yaml</source>
        <translation>gcloud config.yaml</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Pipeline JSON</source>
        <translation>파이프라인 JSON</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Vertex AI studySpec JSON</source>
        <translation>Vertex AI studySpec JSON</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The form the text below is written in</source>
        <translation>아래 텍스트의 작성 형식</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Edit the config as text; the form follows when it parses</source>
        <translation>구성을 텍스트로 편집합니다. 구문 분석에 성공하면 양식에 반영됩니다</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>&amp;Text form:</source>
        <translation>텍스트 형식(&amp;T):</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Search space</source>
        <translation>검색 공간</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>&amp;Open Tuning Config…</source>
        <translation>튜닝 구성 열기(&amp;O)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Open a config.yaml, pipeline JSON or Vertex study spec</source>
        <translation>config.yaml, 파이프라인 JSON 또는 Vertex study spec 열기</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Save Tuning Config</source>
        <translation>튜닝 구성 저장(&amp;S)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Save Tuning Config &amp;As…</source>
        <translation>다른 이름으로 튜닝 구성 저장(&amp;A)…</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>Not applied: %1</source>
        <translation>적용되지 않음: %1</translation>
    </message>
    <message>
        <location line="+80"/>
        <source>Text: %1 (the form keeps the last config that parsed)</source>
        <translation>텍스트: %1(양식에는 마지막으로 구문 분석에 성공한 구성이 유지됨)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Click to go to it</source>
        <translation>클릭하면 해당 위치로 이동합니다</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No problems: the config can run.</source>
        <translation>문제 없음: 구성을 실행할 수 있습니다.</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>course config (unsaved)</source>
        <translation>강의 구성(저장 안 됨)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 (modified)</source>
        <translation>%1(수정됨)</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Could not open %1: %2</source>
        <translation>%1을(를) 열 수 없습니다: %2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The config in the editor is unchanged.</source>
        <translation>편집기의 구성은 변경되지 않았습니다.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Opened tuning config %1</source>
        <translation>튜닝 구성 %1을(를) 열었습니다</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Could not save %1: %2</source>
        <translation>%1을(를) 저장할 수 없습니다: %2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Saved tuning config %1</source>
        <translation>튜닝 구성 %1을(를) 저장했습니다</translation>
    </message>
    <message>
        <location line="-39"/>
        <location line="+46"/>
        <source>Open Tuning Config</source>
        <translation>튜닝 구성 열기</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tuning configs (*.yaml *.yml *.json);;All files (*)</source>
        <translation>튜닝 구성 (*.yaml *.yml *.json);;모든 파일 (*)</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>gcloud config (*.yaml *.yml)</source>
        <translation>gcloud 구성 (*.yaml *.yml)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Pipeline JSON (*.json)</source>
        <translation>파이프라인 JSON (*.json)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vertex AI study spec (*.json)</source>
        <translation>Vertex AI study spec (*.json)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Save Tuning Config As</source>
        <translation>다른 이름으로 튜닝 구성 저장</translation>
    </message>
</context>
<context>
    <name>covertype::ui::ValueCountsChart</name>
    <message>
        <location filename="../ui/charts/valuecountschart.cpp" line="+22"/>
        <source>Rows</source>
        <translation>행 수</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>%1: no values</source>
        <translation>%1: 값 없음</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Rows per value of %1 (%2 more rows in other values)</source>
        <translation>%1 값별 행 수(기타 값의 행 %2개 제외)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Rows per value of %1</source>
        <translation>%1 값별 행 수</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>%1 = %2
%3 rows (%4%)</source>
        <translation>%1 = %2
%3개 행(%4%)</translation>
    </message>
</context>
<context>
    <name>covertype::ui::WelcomePage</name>
    <message>
        <location filename="../ui/shell/welcomepage.cpp" line="+20"/>
        <source>Covertype Workbench</source>
        <translation>Covertype Workbench</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Browse the Covertype table, preview BigQuery hash splits, edit the tuning config, tune and train locally, and deploy the best model, with the course&apos;s formats.

Open the lab CSV or the original UCI covtype.data (plain, .gz or .zip), or drop a data or config file anywhere on the window.</source>
        <translation>강의의 형식 그대로 Covertype 테이블을 살펴보고, BigQuery 해시 분할을 미리 보고, 튜닝 구성을 편집하고, 로컬에서 튜닝과 학습을 실행하고, 최적 모델을 배포할 수 있습니다.

실습 CSV 또는 원본 UCI covtype.data(일반, .gz 또는 .zip)를 열거나, 데이터 또는 구성 파일을 창의 아무 곳에나 끌어다 놓으세요.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Open Data File…</source>
        <translation>데이터 파일 열기…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open a CSV or UCI covtype file (Ctrl+O)</source>
        <translation>CSV 또는 UCI covtype 파일 열기(Ctrl+O)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>No data yet? Download the full UCI Covertype archive (581,012 rows, about 11 MB; kept in your data folder so it is fetched once):</source>
        <translation>아직 데이터가 없나요? 전체 UCI Covertype 아카이브(581,012개 행, 약 11 MB)를 다운로드하세요. 데이터 폴더에 보관되므로 한 번만 받으면 됩니다:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The archive&apos;s address; change it to use a mirror</source>
        <translation>아카이브 주소. 미러를 사용하려면 변경하세요</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Download</source>
        <translation>다운로드(&amp;D)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Fetch the archive over HTTPS, verify it and open it (cancel in the status bar)</source>
        <translation>HTTPS로 아카이브를 가져와 검증한 후 열기(상태 표시줄에서 취소)</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Recent files</source>
        <translation>최근 파일</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>This build cannot download; open a file instead</source>
        <translation>이 빌드에서는 다운로드할 수 없습니다. 대신 파일을 여세요</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No recent files</source>
        <translation>최근 파일 없음</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/workbench/main.cpp" line="+61"/>
        <source>The Covertype course workflow in one window.</source>
        <translation>Covertype 강의 워크플로를 하나의 창에서.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Open this data file at start.</source>
        <translation>시작할 때 이 데이터 파일을 엽니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Run store (SQLite) to use.</source>
        <translation>사용할 실행 저장소(SQLite).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Local deployment registry directory.</source>
        <translation>로컬 배포 레지스트리 디렉터리.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Stage to show: data, split, tuning, runs, deploy.</source>
        <translation>표시할 단계: data, split, tuning, runs, deploy.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Save a screenshot of every stage to DIR and quit (needs --data).</source>
        <translation>모든 단계의 스크린샷을 DIR에 저장하고 종료합니다(--data 필요).</translation>
    </message>
</context>
</TS>
